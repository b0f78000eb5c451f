#include "corrent/engine/peer_pieces.hpp"

#include <utility>

namespace corrent::engine {

PeerPieces::PeerPieces(PiecePicker& picker, PeerKey key)
    : picker_(picker), key_(key), has_(picker.shape().piece_count, false) {
  picker_.add_peer(has_);
}

PeerPieces::~PeerPieces() {
  picker_.on_peer_gone(key_);
  picker_.remove_peer(has_);
}

bool PeerPieces::add(PieceIndex piece) {
  if (piece.value >= has_.size() || has_.test(piece)) return false;
  has_.set(piece);
  if (refused_ && !refused_->test(piece)) pickable_.set(piece);
  picker_.add_have(piece);
  if (!interesting_ && !picker_.have(piece) && picker_.piece_priority(piece) > 0) interesting_ = true;
  return true;
}

bool PeerPieces::remove(PieceIndex piece) {
  if (piece.value >= has_.size() || !has_.test(piece)) return false;
  if (has_.all()) {
    Bitfield has = has_;
    has.set(piece, false);
    replace(std::move(has));
    return true;
  }
  has_.set(piece, false);
  if (refused_) pickable_.set(piece, false);
  picker_.remove_have(piece);
  return true;
}

void PeerPieces::replace(Bitfield has) {
  picker_.remove_peer(has_);
  has_ = std::move(has);
  if (refused_) {
    pickable_ = has_;
    for (PieceIndex p{0}; p.value < refused_->size(); ++p) {
      if (refused_->test(p)) pickable_.set(p, false);
    }
  }
  picker_.add_peer(has_);
  (void)recount_interest();
}

bool PeerPieces::recount_interest() {
  interesting_ = picker_.is_interesting(has_);
  return interesting_;
}

std::vector<BlockRef> PeerPieces::pick(std::size_t max, std::span<const PieceIndex> allowed_fast, bool peer_choking) {
  return picker_.pick(key_, refused_ ? pickable_ : has_, max, allowed_fast, peer_choking);
}

void PeerPieces::refused(BlockRef block) {
  rejected(block);
  if (block.piece.value >= has_.size()) return;
  if (!refused_) {
    refused_.emplace(has_.size());
    pickable_ = has_;
  }
  refused_->set(block.piece);
  pickable_.set(block.piece, false);
}

std::vector<BlockRef> PeerPieces::take_back_requests() {
  auto blocks = picker_.requests_of(key_);
  for (const auto& b : blocks) picker_.on_request_cancelled(key_, b);
  return blocks;
}

}  // namespace corrent::engine
