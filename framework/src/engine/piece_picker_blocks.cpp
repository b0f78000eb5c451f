// PiecePicker: the life of the blocks of pieces in flight (requested, received, written,
// cancelled) and the per-peer request counts.

#include <algorithm>

#include "corrent/engine/piece_picker.hpp"

namespace corrent::engine {

// --- pieces in flight ---

PiecePicker::Partial& PiecePicker::start_partial(std::uint32_t p) {
  if (state_[p] == PieceState::fresh) bucket_erase(p);
  Partial part;
  part.piece = PieceIndex{p};
  part.blocks.resize(block_count(PieceIndex{p}));
  part.open = static_cast<std::uint32_t>(part.blocks.size());
  index_[p] = static_cast<std::uint32_t>(partials_.size());
  state_[p] = PieceState::partial;
  partials_.push_back(std::move(part));
  update_open_list(partials_.back());
  return partials_.back();
}

void PiecePicker::drop_partial(std::uint32_t p) {
  const std::uint32_t slot = index_[p];
  Partial& part = partials_[slot];
  for (const Block& blk : part.blocks) {
    if (blk.state != BlockState::requested) continue;
    for (std::uint8_t k = 0; k < blk.requesters; ++k) less_outstanding(blk.peers[k]);
  }
  part.open = 0;
  update_open_list(part);
  if (slot + 1 != partials_.size()) {
    partials_[slot] = std::move(partials_.back());
    index_[partials_[slot].piece.value] = slot;
  }
  partials_.pop_back();
  index_[p] = kNone;
  state_[p] = PieceState::unwanted;  // the caller settles it
}

void PiecePicker::drop_if_idle(std::uint32_t p) {
  const Partial* part = partial_of(p);
  if (part == nullptr || part->requested != 0 || part->received != 0 || part->written != 0) {
    return;
  }
  drop_partial(p);
  settle(p);
}

PiecePicker::Partial* PiecePicker::partial_of(std::uint32_t p) {
  if (p >= shape_.piece_count || state_[p] != PieceState::partial) return nullptr;
  return &partials_[index_[p]];
}

const PiecePicker::Partial* PiecePicker::partial_of(std::uint32_t p) const {
  if (p >= shape_.piece_count || state_[p] != PieceState::partial) return nullptr;
  return &partials_[index_[p]];
}

void PiecePicker::update_open_list(Partial& part) {
  if (part.open > 0 && part.open_pos == kNone) {
    part.open_pos = static_cast<std::uint32_t>(open_list_.size());
    open_list_.push_back(part.piece.value);
  } else if (part.open == 0 && part.open_pos != kNone) {
    const std::uint32_t last = open_list_.back();
    open_list_[part.open_pos] = last;
    partials_[index_[last]].open_pos = part.open_pos;
    open_list_.pop_back();
    part.open_pos = kNone;
  }
}

std::uint32_t PiecePicker::index_of(BlockRef b) const {
  const std::uint32_t count = block_count(b.piece);
  if (b.offset % kBlockSize != 0 || b.offset / kBlockSize >= count) return kNone;
  const std::uint32_t index = b.offset / kBlockSize;
  return block_at(b.piece, index).length == b.length ? index : kNone;
}

// --- requests ---

bool PiecePicker::remove_requester(Block& blk, PeerKey peer) {
  const auto first = blk.peers.begin();
  const auto last = first + blk.requesters;
  const auto it = std::find(first, last, peer);
  if (it == last) return false;
  std::copy(it + 1, last, it);
  --blk.requesters;
  return true;
}

void PiecePicker::cancel_request(Partial& part, std::uint32_t index, PeerKey peer) {
  Block& blk = part.blocks[index];
  if (blk.state != BlockState::requested || !remove_requester(blk, peer)) return;
  less_outstanding(peer);
  if (blk.requesters > 0) return;
  blk.state = BlockState::open;
  --part.requested;
  ++part.open;
  part.first_open = std::min(part.first_open, index);
  update_open_list(part);
}

std::uint32_t& PiecePicker::outstanding_ref(PeerKey peer) { return outstanding_[peer]; }

void PiecePicker::less_outstanding(PeerKey peer) {
  const auto it = outstanding_.find(peer);
  if (it == outstanding_.end()) return;
  if (--it->second == 0) outstanding_.erase(it);
}

std::size_t PiecePicker::outstanding(PeerKey peer) const {
  const auto it = outstanding_.find(peer);
  return it == outstanding_.end() ? 0 : it->second;
}

std::vector<BlockRef> PiecePicker::requests_of(PeerKey peer) const {
  std::vector<BlockRef> out;
  for (const Partial& part : partials_) {
    for (std::uint32_t i = 0; i < part.blocks.size(); ++i) {
      const Block& blk = part.blocks[i];
      if (blk.state != BlockState::requested) continue;
      const auto last = blk.peers.begin() + blk.requesters;
      if (std::find(blk.peers.begin(), last, peer) != last) out.push_back(block_at(part.piece, i));
    }
  }
  return out;
}

void PiecePicker::on_request_cancelled(PeerKey peer, BlockRef b) {
  const std::uint32_t index = index_of(b);
  Partial* part = partial_of(b.piece.value);
  if (index == kNone || part == nullptr) return;
  cancel_request(*part, index, peer);
  drop_if_idle(b.piece.value);
}

void PiecePicker::on_peer_gone(PeerKey peer) {
  std::vector<std::uint32_t> touched;
  for (Partial& part : partials_) {
    const std::uint32_t before = part.requested;
    for (std::uint32_t i = 0; i < part.blocks.size(); ++i) cancel_request(part, i, peer);
    if (part.requested != before) touched.push_back(part.piece.value);
  }
  for (const std::uint32_t p : touched) drop_if_idle(p);
  outstanding_.erase(peer);
}

// --- arrivals ---

PiecePicker::Received PiecePicker::on_block_received(PeerKey peer, BlockRef b) {
  const std::uint32_t index = index_of(b);
  Partial* part = partial_of(b.piece.value);
  if (index == kNone || part == nullptr) return {};
  Block& blk = part->blocks[index];
  if (blk.state != BlockState::requested || !remove_requester(blk, peer)) return {};
  less_outstanding(peer);
  Received r{true, {}};
  for (std::uint8_t k = 0; k < blk.requesters; ++k) {
    r.also_requested.push_back(blk.peers[k]);
    less_outstanding(blk.peers[k]);
  }
  blk.requesters = 0;
  blk.peers[0] = peer;
  blk.state = BlockState::received;
  --part->requested;
  ++part->received;
  return r;
}

bool PiecePicker::on_block_written(BlockRef b) {
  const std::uint32_t index = index_of(b);
  Partial* part = partial_of(b.piece.value);
  if (index == kNone || part == nullptr) return false;
  Block& blk = part->blocks[index];
  if (blk.state != BlockState::received) return false;
  blk.state = BlockState::written;
  --part->received;
  ++part->written;
  return part->written == part->blocks.size();
}

void PiecePicker::on_piece_passed(PieceIndex p) { set_have(p); }

std::vector<PeerKey> PiecePicker::on_piece_failed(PieceIndex p) {
  const Partial* part = partial_of(p.value);
  if (part == nullptr) return {};
  std::vector<PeerKey> contributors;
  for (const Block& blk : part->blocks) {
    if (blk.state == BlockState::received || blk.state == BlockState::written) {
      contributors.push_back(blk.peers[0]);
    }
  }
  std::sort(contributors.begin(), contributors.end());
  contributors.erase(std::unique(contributors.begin(), contributors.end()), contributors.end());
  drop_partial(p.value);
  settle(p.value);
  return contributors;
}

}  // namespace corrent::engine
