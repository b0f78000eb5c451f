// PiecePicker::check_invariants(): the consistency of the redundant bookkeeping (piece
// states, buckets, per-piece block counts, the open list, per-peer counts).

#include <algorithm>
#include <string>

#include "corrent/engine/piece_picker.hpp"

namespace corrent::engine {

namespace {

std::string at(const char* what, std::uint32_t p) {
  return std::string(what) + " (piece " + std::to_string(p) + ")";
}

}  // namespace

std::string PiecePicker::check_invariants() const {
  std::uint32_t wanted_left = 0;
  for (std::uint32_t p = 0; p < shape_.piece_count; ++p) {
    const PieceState st = state_[p];
    if ((st == PieceState::had) != have_.test(PieceIndex{p})) return at("have bit", p);
    if (st != PieceState::had && priority_[p] > 0) ++wanted_left;
    if (st == PieceState::fresh) {
      if (priority_[p] == 0) return at("fresh piece of priority 0", p);
      const auto& level = buckets_[priority_[p]];
      if (availability_[p] >= level.size()) return at("no bucket", p);
      const auto& bucket = level[availability_[p]];
      if (index_[p] >= bucket.size() || bucket[index_[p]] != p) return at("bucket index", p);
    } else if (st == PieceState::partial) {
      if (index_[p] >= partials_.size() || partials_[index_[p]].piece.value != p) {
        return at("partial index", p);
      }
    } else if (st == PieceState::unwanted && priority_[p] != 0) {
      return at("unwanted piece of priority > 0", p);
    }
  }
  if (wanted_left != wanted_left_pieces_) return "wanted_left_pieces_";
  for (std::size_t level = 0; level < kLevels; ++level) {
    std::size_t n = 0;
    for (const auto& bucket : buckets_[level]) n += bucket.size();
    if (n != fresh_count_[level]) return "fresh_count_ of level " + std::to_string(level);
  }
  std::unordered_map<PeerKey, std::uint32_t> requests;
  for (const Partial& part : partials_) {
    const std::uint32_t p = part.piece.value;
    std::uint32_t counts[4] = {};
    for (std::uint32_t i = 0; i < part.blocks.size(); ++i) {
      const Block& blk = part.blocks[i];
      ++counts[static_cast<int>(blk.state)];
      if (blk.state == BlockState::open && i < part.first_open) return at("first_open", p);
      const bool requested = blk.state == BlockState::requested;
      if (requested != (blk.requesters > 0)) return at("requesters of a block", p);
      const auto first = blk.peers.begin();
      const auto last = first + blk.requesters;
      for (auto it = first; it != last; ++it) {
        if (std::find(first, it, *it) != it) return at("a peer twice on one block", p);
        ++requests[*it];
      }
    }
    if (counts[0] != part.open || counts[1] != part.requested || counts[2] != part.received ||
        counts[3] != part.written) {
      return at("block counts", p);
    }
    if (part.requested + part.received + part.written == 0) return at("idle partial", p);
    const bool listed = part.open_pos != kNone && part.open_pos < open_list_.size() &&
                        open_list_[part.open_pos] == p;
    if ((part.open > 0) != listed) return at("open list", p);
  }
  std::size_t open_pieces = 0;
  for (const Partial& part : partials_) open_pieces += part.open > 0 ? 1 : 0;
  if (open_pieces != open_list_.size()) return "open_list_ size";
  if (requests.size() != outstanding_.size()) return "outstanding_ peers";
  for (const auto& [peer, n] : requests) {
    const auto it = outstanding_.find(peer);
    if (it == outstanding_.end() || it->second != n) {
      return "outstanding_ of peer " + std::to_string(peer);
    }
  }
  if (deadlines_.size() != deadline_of_.size()) return "deadlines";
  return {};
}

}  // namespace corrent::engine
