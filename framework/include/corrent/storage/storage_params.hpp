#pragma once
// What a storage backend needs to know to open one torrent's data: its size, its piece
// length and its files. A deliberately small stand-in for metainfo's FileLayout (written
// in the metainfo issue); the storage issue will switch StorageBackend::open to it.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/core/strong_types.hpp"

namespace corrent::storage {

/// One file of a torrent, in torrent order. `path` is relative to the save path and
/// already sanitised by whoever built the params.
struct StorageFile {
  std::filesystem::path path;
  std::uint64_t size = 0;
};

/// The layout of one torrent's data.
struct StorageParams {
  std::uint64_t total_size = 0;
  std::uint32_t piece_length = 0;
  std::vector<StorageFile> files;
  std::filesystem::path save_path;  ///< ignored by backends that keep no files

  /// Number of pieces: total_size / piece_length, rounded up.
  [[nodiscard]] std::uint64_t piece_count() const;
  /// Size of `piece` (the last piece may be shorter); 0 past the end.
  [[nodiscard]] std::uint32_t piece_size(PieceIndex piece) const;
};

/// Checks the params are consistent: piece_length > 0, files adding up to total_size,
/// and a piece count that fits a PieceIndex. errc::bad_layout otherwise.
Result<void> validate(const StorageParams& params);

}  // namespace corrent::storage
