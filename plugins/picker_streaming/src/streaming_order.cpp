#include "streaming_order.hpp"

#include "corrent/engine/limits.hpp"

namespace corrent::picker_streaming {

std::optional<PieceIndex> StreamingOrder::next_piece(policy::PieceCandidates& candidates, const Bitfield& peer_has) {
  const std::uint64_t end = std::min<std::uint64_t>(std::uint64_t{position_.value} + read_ahead_, candidates.piece_count());
  if (const auto p = candidates.in_order(position_, PieceIndex{static_cast<std::uint32_t>(end)}, peer_has)) return p;
  return policy::default_next_piece(candidates, peer_has, engine::kRandomFirstPieces);
}

void StreamingOrder::on_read(PieceIndex first, PieceIndex /*last*/) { position_ = first; }

}  // namespace corrent::picker_streaming
