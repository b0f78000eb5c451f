// PiecePicker: our pieces, priorities, deadlines, availability and the buckets of fresh
// pieces that rarest-first picks from. Block bookkeeping is in piece_picker_blocks.cpp,
// picking in piece_picker_pick.cpp.

#include "corrent/engine/piece_picker.hpp"

#include <algorithm>

namespace corrent::engine {

PiecePicker::PiecePicker(wire::TorrentShape shape, std::uint64_t seed)
    : shape_(shape),
      blocks_per_piece_((shape.piece_length + kBlockSize - 1) / kBlockSize),
      rng_(seed),
      have_(shape.piece_count),
      priority_(shape.piece_count, kDefaultPiecePriority),
      state_(shape.piece_count, PieceState::fresh),
      availability_(shape.piece_count, 0),
      index_(shape.piece_count, kNone) {
  auto& level = buckets_[kDefaultPiecePriority];
  level.resize(1);
  level[0].reserve(shape.piece_count);
  for (std::uint32_t p = 0; p < shape.piece_count; ++p) {
    index_[p] = p;
    level[0].push_back(p);
  }
  fresh_count_[kDefaultPiecePriority] = shape.piece_count;
  wanted_bytes_ = shape.piece_count == 0 ? 0 : shape.total_size;
  wanted_left_bytes_ = wanted_bytes_;
  wanted_left_pieces_ = shape.piece_count;
}

// --- our pieces ---

void PiecePicker::set_have(PieceIndex p) {
  const std::uint32_t i = p.value;
  if (i >= shape_.piece_count || state_[i] == PieceState::had) return;
  if (state_[i] == PieceState::partial) drop_partial(i);
  if (state_[i] == PieceState::fresh) bucket_erase(i);
  state_[i] = PieceState::had;
  have_.set(p);
  if (priority_[i] > 0) {
    wanted_left_bytes_ -= shape_.piece_size(p);
    --wanted_left_pieces_;
  }
  clear_deadline(p);
}

bool PiecePicker::lose(PieceIndex p) {
  const std::uint32_t i = p.value;
  if (i >= shape_.piece_count || state_[i] != PieceState::had) return false;
  have_.set(p, false);
  if (priority_[i] > 0) {
    wanted_left_bytes_ += shape_.piece_size(p);
    ++wanted_left_pieces_;
    if (i < seq_cursor_) seq_cursor_ = i;
  }
  settle(i);
  return true;
}

bool PiecePicker::have(PieceIndex p) const {
  return p.value < shape_.piece_count && state_[p.value] == PieceState::had;
}

std::uint32_t PiecePicker::have_count() const noexcept {
  return static_cast<std::uint32_t>(have_.count());
}

// --- what we want ---

void PiecePicker::set_piece_priority(PieceIndex p, std::uint8_t prio) {
  const std::uint32_t i = p.value;
  if (i >= shape_.piece_count) return;
  prio = std::min(prio, kMaxPiecePriority);
  const std::uint8_t old = priority_[i];
  if (old == prio) return;
  if (state_[i] == PieceState::fresh) bucket_erase(i);
  priority_[i] = prio;
  if ((old > 0) != (prio > 0)) set_wanted(i, prio > 0);
  if (state_[i] == PieceState::fresh || state_[i] == PieceState::unwanted) settle(i);
  if (prio > 0 && i < seq_cursor_) seq_cursor_ = i;
}

std::uint8_t PiecePicker::piece_priority(PieceIndex p) const {
  return p.value < shape_.piece_count ? priority_[p.value] : 0;
}

void PiecePicker::set_sequential(bool on) { sequential_ = on; }

void PiecePicker::set_deadline(PieceIndex p, std::uint64_t deadline) {
  if (p.value >= shape_.piece_count || have(p)) return;
  clear_deadline(p);
  deadline_of_.emplace(p.value, deadline);
  deadlines_.emplace(deadline, p.value);
}

void PiecePicker::clear_deadline(PieceIndex p) {
  const auto it = deadline_of_.find(p.value);
  if (it == deadline_of_.end()) return;
  deadlines_.erase({it->second, p.value});
  deadline_of_.erase(it);
}

void PiecePicker::set_wanted(std::uint32_t p, bool wanted) {
  const std::uint64_t size = shape_.piece_size(PieceIndex{p});
  const bool lacking = state_[p] != PieceState::had;
  if (wanted) {
    wanted_bytes_ += size;
    if (lacking) wanted_left_bytes_ += size, ++wanted_left_pieces_;
  } else {
    wanted_bytes_ -= size;
    if (lacking) wanted_left_bytes_ -= size, --wanted_left_pieces_;
  }
}

// --- availability ---

void PiecePicker::add_peer(const Bitfield& has) {
  if (has.size() != shape_.piece_count) return;
  if (has.all()) {
    ++seeds_;
    return;
  }
  for (std::uint32_t p = 0; p < shape_.piece_count; ++p) {
    if (has.test(PieceIndex{p})) change_availability(PieceIndex{p}, true);
  }
}

void PiecePicker::remove_peer(const Bitfield& has) {
  if (has.size() != shape_.piece_count) return;
  // A peer that became a seed through HAVEs was counted per piece: taking one from seeds_
  // instead lowers every piece's availability by one all the same.
  if (has.all() && seeds_ > 0) {
    --seeds_;
    return;
  }
  for (std::uint32_t p = 0; p < shape_.piece_count; ++p) {
    if (has.test(PieceIndex{p})) change_availability(PieceIndex{p}, false);
  }
}

void PiecePicker::add_have(PieceIndex p) {
  if (p.value < shape_.piece_count) change_availability(p, true);
}

void PiecePicker::remove_have(PieceIndex p) {
  if (p.value < shape_.piece_count) change_availability(p, false);
}

std::uint32_t PiecePicker::availability(PieceIndex p) const {
  return p.value < shape_.piece_count ? seeds_ + availability_[p.value] : 0;
}

bool PiecePicker::is_interesting(const Bitfield& peer_has) const {
  if (peer_has.size() != shape_.piece_count || is_finished()) return false;
  if (peer_has.all()) return true;
  for (std::uint32_t p = 0; p < shape_.piece_count; ++p) {
    if (priority_[p] > 0 && state_[p] != PieceState::had && peer_has.test(PieceIndex{p})) {
      return true;
    }
  }
  return false;
}

void PiecePicker::change_availability(PieceIndex p, bool up) {
  const std::uint32_t i = p.value;
  if (!up && availability_[i] == 0) return;  // a bitfield that was never added
  const bool fresh = state_[i] == PieceState::fresh;
  if (fresh) bucket_erase(i);
  availability_[i] += up ? 1 : -1;
  if (fresh) bucket_insert(i);
}

// --- the buckets of fresh pieces ---

void PiecePicker::bucket_insert(std::uint32_t p) {
  auto& level = buckets_[priority_[p]];
  const std::uint32_t a = availability_[p];
  if (level.size() <= a) level.resize(a + 1);
  index_[p] = static_cast<std::uint32_t>(level[a].size());
  level[a].push_back(p);
  ++fresh_count_[priority_[p]];
}

void PiecePicker::bucket_erase(std::uint32_t p) {
  auto& bucket = buckets_[priority_[p]][availability_[p]];
  const std::uint32_t pos = index_[p];
  const std::uint32_t last = bucket.back();
  bucket[pos] = last;
  index_[last] = pos;
  bucket.pop_back();
  index_[p] = kNone;
  --fresh_count_[priority_[p]];
}

void PiecePicker::settle(std::uint32_t p) {
  if (priority_[p] > 0) {
    state_[p] = PieceState::fresh;
    bucket_insert(p);
  } else {
    state_[p] = PieceState::unwanted;
  }
}

// --- geometry ---

std::uint32_t PiecePicker::block_count(PieceIndex p) const {
  const std::uint32_t size = shape_.piece_size(p);
  return (size + kBlockSize - 1) / kBlockSize;
}

BlockRef PiecePicker::block_at(PieceIndex p, std::uint32_t index) const {
  const std::uint32_t size = shape_.piece_size(p);
  const std::uint32_t offset = index * kBlockSize;
  return BlockRef{p, offset, offset < size ? std::min(kBlockSize, size - offset) : 0};
}

}  // namespace corrent::engine
