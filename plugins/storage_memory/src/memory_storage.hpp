#pragma once
// One torrent's data in memory, a buffer per piece allocated on its first write. A piece
// never written reads as errc::not_present (unless the range is all pad files, which read
// as zeros); unwritten ranges of a written piece read as zeros. File priorities are
// accepted and ignored: nothing is created on disk, so a skipped file costs only the
// memory of the pieces written to it.

#include <cstdint>
#include <shared_mutex>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "corrent/metainfo/file_layout.hpp"
#include "corrent/storage/storage.hpp"

namespace corrent::plugins::storage_memory {

class MemoryStorage final : public storage::Storage {
 public:
  /// `layout` must have at least one piece (storage::validate()).
  explicit MemoryStorage(metainfo::FileLayout layout);

  Result<void> write(PieceIndex piece, std::uint32_t offset,
                     std::span<const std::byte> data) override;
  Result<std::size_t> read(PieceIndex piece, std::uint32_t offset,
                           std::span<std::byte> into) override;

  /// Bytes allocated so far (whole pieces).
  [[nodiscard]] std::uint64_t allocated_bytes() const;

 private:
  /// Whether [offset, offset + size) lies inside `piece`.
  [[nodiscard]] bool fits(PieceIndex piece, std::uint32_t offset, std::size_t size) const;
  /// Whether every byte of the range belongs to a pad file.
  [[nodiscard]] bool all_pad(PieceIndex piece, std::uint32_t offset, std::size_t size) const;

  metainfo::FileLayout layout_;
  mutable std::shared_mutex mutex_;  // reads may run on several pool threads at once
  // Keyed by piece: a dense vector would cost a slot per piece even for tiny pieces.
  absl::flat_hash_map<std::uint32_t, std::vector<std::byte>> pieces_;
  std::uint64_t allocated_ = 0;
};

}  // namespace corrent::plugins::storage_memory
