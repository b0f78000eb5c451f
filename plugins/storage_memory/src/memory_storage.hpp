#pragma once
// One torrent's data in memory, a buffer per piece allocated on its first write. Unwritten
// ranges read as zeros.

#include <cstdint>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "corrent/storage/storage.hpp"

namespace corrent::plugins::storage_memory {

class MemoryStorage final : public storage::Storage {
 public:
  /// `params` must have passed storage::validate().
  explicit MemoryStorage(storage::StorageParams params);

  Result<void> write(PieceIndex piece, std::uint32_t offset,
                     std::span<const std::byte> data) override;
  Result<std::size_t> read(PieceIndex piece, std::uint32_t offset,
                           std::span<std::byte> into) override;

  /// Bytes allocated so far (whole pieces).
  [[nodiscard]] std::uint64_t allocated_bytes() const { return allocated_; }

 private:
  /// Whether [offset, offset + size) lies inside `piece`.
  [[nodiscard]] bool fits(PieceIndex piece, std::uint32_t offset, std::size_t size) const;

  storage::StorageParams params_;
  // Keyed by piece: a dense vector would cost a slot per piece even for tiny pieces.
  absl::flat_hash_map<std::uint32_t, std::vector<std::byte>> pieces_;
  std::uint64_t allocated_ = 0;
};

}  // namespace corrent::plugins::storage_memory
