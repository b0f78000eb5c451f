#pragma once
// The unit of transfer the engine requests from peers, and the key it gives each peer.

#include <compare>
#include <cstdint>

#include "corrent/core/strong_types.hpp"
#include "corrent/engine/limits.hpp"

namespace corrent::engine {

/// One block of a piece: `length` bytes at `offset`. Blocks start at multiples of
/// kBlockSize and are kBlockSize long, except the last block of the last piece, which
/// may be shorter.
struct BlockRef {
  PieceIndex piece;
  std::uint32_t offset = 0;
  std::uint32_t length = 0;

  friend auto operator<=>(const BlockRef&, const BlockRef&) = default;
};

/// Engine-assigned id of a connected peer (never reused within a torrent).
using PeerKey = std::uint32_t;

}  // namespace corrent::engine
