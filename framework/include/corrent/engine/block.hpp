#pragma once
// A block: the unit of request and transfer inside a piece (BEP 3), and the id of a peer.

#include <compare>
#include <cstdint>

#include "corrent/core/strong_types.hpp"

namespace corrent::engine {

/// Bytes per requested block (every block but a piece's last is this long).
inline constexpr std::uint32_t kBlockSize = 16 * 1024;

/// One block of a piece: `length` bytes at `offset` within `piece`.
struct BlockRef {
  PieceIndex piece;
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
  friend auto operator<=>(const BlockRef&, const BlockRef&) = default;
};

/// Engine-assigned id of a connected peer (never reused within a torrent).
using PeerKey = std::uint32_t;

}  // namespace corrent::engine
