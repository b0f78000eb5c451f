#pragma once
// A block: the unit a REQUEST, PIECE or CANCEL message names (BEP 3), and the unit the
// engine requests and the storage buffers, hashes and writes.

#include <compare>
#include <cstdint>

#include "corrent/core/strong_types.hpp"

namespace corrent::wire {

/// One block of a piece: `length` bytes at `offset`. Blocks start at multiples of
/// kBlockSize and are kBlockSize long, except the last block of the last piece, which
/// may be shorter.
struct BlockRef {
  PieceIndex piece;
  std::uint32_t offset = 0;
  std::uint32_t length = 0;

  friend auto operator<=>(const BlockRef&, const BlockRef&) = default;
};

}  // namespace corrent::wire
