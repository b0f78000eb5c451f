#pragma once
// Helpers for the engine's unit tests: torrent shapes and bitfields.

#include <cstdint>
#include <initializer_list>
#include <set>
#include <vector>

#include "corrent/core/bitfield.hpp"
#include "corrent/engine/block.hpp"
#include "corrent/engine/piece_picker.hpp"
#include "corrent/wire/torrent_shape.hpp"

namespace engine_test {

using corrent::Bitfield;
using corrent::PieceIndex;
using corrent::engine::BlockRef;
using corrent::engine::kBlockSize;

/// `pieces` pieces of `blocks` full blocks each.
inline corrent::wire::TorrentShape shape(std::uint32_t pieces, std::uint32_t blocks = 4) {
  return {pieces, blocks * kBlockSize, std::uint64_t{pieces} * blocks * kBlockSize};
}

/// A bitfield of `size` bits with `set` set.
inline Bitfield bits(std::uint32_t size, std::initializer_list<std::uint32_t> set) {
  Bitfield b(size);
  for (const auto p : set) b.set(PieceIndex{p});
  return b;
}

inline Bitfield all(std::uint32_t size) { return Bitfield(size, true); }

/// The distinct pieces of `blocks`, in order of first appearance.
inline std::vector<std::uint32_t> pieces_of(const std::vector<BlockRef>& blocks) {
  std::vector<std::uint32_t> out;
  for (const auto& b : blocks) {
    if (out.empty() || out.back() != b.piece.value) out.push_back(b.piece.value);
  }
  return out;
}

/// Receives, writes and passes every block of `blocks` as sent by `peer`.
inline void complete(corrent::engine::PiecePicker& picker, corrent::engine::PeerKey peer,
                     const std::vector<BlockRef>& blocks) {
  std::set<std::uint32_t> done;
  for (const auto& b : blocks) {
    (void)picker.on_block_received(peer, b);
    if (picker.on_block_written(b)) done.insert(b.piece.value);
  }
  for (const auto p : done) picker.on_piece_passed(PieceIndex{p});
}

}  // namespace engine_test
