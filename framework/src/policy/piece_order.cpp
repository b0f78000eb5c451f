#include "corrent/policy/piece_order.hpp"

namespace corrent::policy {

std::optional<PieceIndex> default_next_piece(PieceCandidates& candidates, const Bitfield& peer_has,
                                             std::uint32_t random_first) {
  if (candidates.sequential()) return candidates.in_order(PieceIndex{0}, PieceIndex{candidates.piece_count()}, peer_has);
  if (candidates.have_count() < random_first) return candidates.random(peer_has);
  return candidates.rarest(peer_has);
}

}  // namespace corrent::policy
