// PiecePicker::pick(): deadlines, then pieces in flight, then new pieces in the
// PieceOrder's order (the searches it uses: in order, random, rarest first), then end-game
// duplicates. See the header for the cost.

#include <algorithm>

#include "corrent/engine/piece_picker.hpp"

namespace corrent::engine {

/// Where the new-piece search of one pick() call stands, so that taking several pieces
/// does not rescan what was already found empty.
struct PiecePicker::Search {
  std::size_t level = kMaxPiecePriority;  // rarest first: priority level being scanned
  std::size_t avail = 0;                  // and availability bucket within it
  std::uint32_t seq_from = kNone;         // in order: the `from` of the scan under way
  std::uint32_t seq = 0;                  // and the next index it looks at
};

/// The picker as a PieceOrder sees it during one pick(): the searches resume in `search`.
class PiecePicker::Candidates final : public policy::PieceCandidates {
 public:
  Candidates(PiecePicker& picker, Search& search) : picker_(picker), search_(search) {}

  [[nodiscard]] std::uint32_t piece_count() const override { return picker_.shape_.piece_count; }
  [[nodiscard]] std::uint32_t have_count() const override { return picker_.have_count(); }
  [[nodiscard]] bool is_fresh(PieceIndex p) const override {
    return p.value < piece_count() && picker_.state_[p.value] == PieceState::fresh;
  }
  [[nodiscard]] std::uint8_t priority(PieceIndex p) const override { return picker_.piece_priority(p); }
  [[nodiscard]] std::uint32_t availability(PieceIndex p) const override { return picker_.availability(p); }
  [[nodiscard]] bool sequential() const override { return picker_.sequential_; }
  std::optional<PieceIndex> rarest(const Bitfield& peer_has) override {
    return found(picker_.next_rarest(search_, peer_has));
  }
  std::optional<PieceIndex> random(const Bitfield& peer_has) override { return found(picker_.next_random(peer_has)); }
  std::optional<PieceIndex> in_order(PieceIndex from, PieceIndex end, const Bitfield& peer_has) override {
    return found(picker_.next_in_order(search_, from.value, std::min(end.value, piece_count()), peer_has));
  }

 private:
  static std::optional<PieceIndex> found(std::uint32_t p) {
    return p == kNone ? std::nullopt : std::optional<PieceIndex>(PieceIndex{p});
  }
  PiecePicker& picker_;
  Search& search_;
};

std::vector<BlockRef> PiecePicker::pick(PeerKey peer, const Bitfield& peer_has,
                                        std::size_t max_blocks,
                                        std::span<const PieceIndex> allowed_fast,
                                        bool peer_choking) {
  std::vector<BlockRef> out;
  if (max_blocks == 0 || peer_has.size() != shape_.piece_count || is_finished()) return out;
  out.reserve(std::min<std::size_t>(max_blocks, 512));

  if (peer_choking) {
    const auto fast = [&](PieceIndex p) {
      return peer_has.test(p) &&
             std::find(allowed_fast.begin(), allowed_fast.end(), p) != allowed_fast.end();
    };
    for (const PieceIndex p : allowed_fast) {
      if (out.size() == max_blocks) break;
      if (p.value < shape_.piece_count && peer_has.test(p)) take_piece(p.value, peer, max_blocks, out);
    }
    if (out.size() < max_blocks && in_endgame()) take_endgame(peer, fast, max_blocks, out);
    return out;
  }

  for (const auto& [deadline, p] : deadlines_) {
    if (out.size() == max_blocks) break;
    if (peer_has.test(PieceIndex{p})) take_piece(p, peer, max_blocks, out);
  }
  // Pieces in flight with open blocks. take_open() may swap the current entry out of
  // open_list_ (its last entry moves in, not yet seen): stay at i then.
  for (std::size_t i = 0; i < open_list_.size() && out.size() < max_blocks;) {
    const std::uint32_t p = open_list_[i];
    if (priority_[p] > 0 && peer_has.test(PieceIndex{p})) {
      take_open(partials_[index_[p]], peer, max_blocks, out);
    }
    if (i < open_list_.size() && open_list_[i] == p) ++i;
  }
  Search search;
  Candidates candidates(*this, search);
  while (out.size() < max_blocks) {
    const auto next = order_ ? order_->next_piece(candidates, peer_has)
                             : policy::default_next_piece(candidates, peer_has, kRandomFirstPieces);
    // A piece the order should not have chosen ends the search: taking it is refused,
    // and asking again could loop.
    if (!next || !candidates.is_fresh(*next) || !peer_has.test(*next)) break;
    take_piece(next->value, peer, max_blocks, out);
  }
  if (out.size() < max_blocks && in_endgame()) {
    take_endgame(peer, [&](PieceIndex p) { return peer_has.test(p); }, max_blocks, out);
  }
  return out;
}

bool PiecePicker::in_endgame() const {
  if (is_finished()) return false;
  for (std::size_t level = 1; level < kLevels; ++level) {
    if (fresh_count_[level] == 0) continue;
    if (seeds_ > 0) return false;
    const auto& buckets = buckets_[level];
    const std::size_t nobody_has = buckets.empty() ? 0 : buckets[0].size();
    if (fresh_count_[level] > nobody_has) return false;
  }
  for (const std::uint32_t p : open_list_) {
    if (priority_[p] > 0 && seeds_ + availability_[p] > 0) return false;
  }
  return true;
}

void PiecePicker::take_piece(std::uint32_t p, PeerKey peer, std::size_t max,
                             std::vector<BlockRef>& out) {
  if (priority_[p] == 0) return;
  if (state_[p] == PieceState::fresh) start_partial(p);
  if (state_[p] == PieceState::partial) take_open(partials_[index_[p]], peer, max, out);
}

void PiecePicker::take_open(Partial& part, PeerKey peer, std::size_t max,
                            std::vector<BlockRef>& out) {
  if (part.open == 0 || out.size() >= max) return;
  std::uint32_t& count = outstanding_ref(peer);
  std::uint32_t i = part.first_open;
  for (; i < part.blocks.size() && part.open > 0 && out.size() < max; ++i) {
    Block& blk = part.blocks[i];
    if (blk.state != BlockState::open) continue;
    blk.state = BlockState::requested;
    blk.requesters = 1;
    blk.peers[0] = peer;
    --part.open;
    ++part.requested;
    ++count;
    out.push_back(block_at(part.piece, i));
  }
  part.first_open = i;  // every block below i is now taken
  update_open_list(part);
}

template <class Usable>
void PiecePicker::take_endgame(PeerKey peer, Usable usable, std::size_t max,
                               std::vector<BlockRef>& out) {
  // Blocks with the fewest requesters first, so duplicates spread over the remainder.
  for (std::uint32_t level = 1; level <= kMaxEndgameDuplicates; ++level) {
    for (Partial& part : partials_) {
      if (part.requested == 0 || priority_[part.piece.value] == 0 || !usable(part.piece)) {
        continue;
      }
      for (std::uint32_t i = 0; i < part.blocks.size(); ++i) {
        Block& blk = part.blocks[i];
        if (blk.state != BlockState::requested || blk.requesters != level) continue;
        const auto last = blk.peers.begin() + blk.requesters;
        if (std::find(blk.peers.begin(), last, peer) != last) continue;
        blk.peers[blk.requesters++] = peer;
        ++outstanding_ref(peer);
        out.push_back(block_at(part.piece, i));
        if (out.size() == max) return;
      }
    }
  }
}

// --- new pieces ---

std::uint32_t PiecePicker::next_in_order(Search& s, std::uint32_t from, std::uint32_t end,
                                         const Bitfield& peer_has) {
  const std::uint32_t n = shape_.piece_count;
  while (seq_cursor_ < n && (state_[seq_cursor_] == PieceState::had ||
                             state_[seq_cursor_] == PieceState::unwanted)) {
    ++seq_cursor_;
  }
  // A new scan starts past the pieces known had or unwanted; the same scan resumes.
  if (s.seq_from != from) s.seq_from = from, s.seq = std::max(from, seq_cursor_);
  for (; s.seq < end; ++s.seq) {
    if (state_[s.seq] == PieceState::fresh && peer_has.test(PieceIndex{s.seq})) return s.seq;
  }
  return kNone;
}

std::uint32_t PiecePicker::next_random(const Bitfield& peer_has) {
  // Uniform over the fresh pieces of the highest priority level the peer can give us:
  // start at a random position in the level's buckets laid end to end, walk on from it.
  for (std::size_t level = kMaxPiecePriority; level >= 1; --level) {
    const std::uint32_t total = fresh_count_[level];
    if (total == 0) continue;
    const auto& buckets = buckets_[level];
    std::uint64_t skip = rng_() % total;
    std::size_t b = 0;
    while (skip >= buckets[b].size()) skip -= buckets[b++].size();
    std::size_t o = static_cast<std::size_t>(skip);
    for (std::uint32_t seen = 0; seen < total; ++seen) {
      const std::uint32_t p = buckets[b][o];
      if (peer_has.test(PieceIndex{p})) return p;
      if (++o == buckets[b].size()) {
        o = 0;
        do b = (b + 1) % buckets.size();
        while (buckets[b].empty());
      }
    }
  }
  return kNone;
}

std::uint32_t PiecePicker::next_rarest(Search& s, const Bitfield& peer_has) {
  for (; s.level >= 1; --s.level, s.avail = 0) {
    if (fresh_count_[s.level] == 0) continue;
    const auto& buckets = buckets_[s.level];
    for (; s.avail < buckets.size(); ++s.avail) {
      const auto& bucket = buckets[s.avail];
      if (bucket.empty() || (s.avail == 0 && seeds_ == 0)) continue;  // nobody has these
      const std::size_t start = rng_() % bucket.size();
      for (std::size_t k = 0; k < bucket.size(); ++k) {
        const std::uint32_t p = bucket[(start + k) % bucket.size()];
        if (peer_has.test(PieceIndex{p})) return p;
      }
    }
  }
  return kNone;
}

}  // namespace corrent::engine
