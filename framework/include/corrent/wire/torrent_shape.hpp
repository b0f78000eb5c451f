#pragma once
// The three numbers validate() needs to check a message against a torrent.

#include <cstdint>

#include "corrent/core/strong_types.hpp"

namespace corrent::wire {

/// A torrent's piece geometry. Invariant (as metainfo guarantees for a parsed torrent):
/// piece_length > 0 and piece_count == ceil(total_size / piece_length), with
/// total_size > 0.
struct TorrentShape {
  std::uint32_t piece_count = 0;
  std::uint32_t piece_length = 0;
  std::uint64_t total_size = 0;

  /// The size of the last piece: total_size - (piece_count - 1) * piece_length, which is
  /// piece_length when total_size is a multiple of it (0 for an empty shape).
  [[nodiscard]] constexpr std::uint32_t last_piece_length() const noexcept {
    if (piece_count == 0) return 0;
    const std::uint64_t before_last = std::uint64_t{piece_count - 1} * piece_length;
    return total_size > before_last ? static_cast<std::uint32_t>(total_size - before_last) : 0;
  }

  /// The size of `piece`: piece_length, or last_piece_length() for the last one (0 when
  /// out of range).
  [[nodiscard]] constexpr std::uint32_t piece_size(PieceIndex piece) const noexcept {
    if (piece.value >= piece_count) return 0;
    return piece.value + 1 == piece_count ? last_piece_length() : piece_length;
  }

  friend bool operator==(const TorrentShape&, const TorrentShape&) = default;
};

}  // namespace corrent::wire
