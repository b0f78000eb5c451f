#include "memory_storage.hpp"

#include <algorithm>
#include <utility>

#include "corrent/storage/error.hpp"

namespace corrent::plugins::storage_memory {

MemoryStorage::MemoryStorage(storage::StorageParams params) : params_(std::move(params)) {}

bool MemoryStorage::fits(PieceIndex piece, std::uint32_t offset, std::size_t size) const {
  const std::uint64_t piece_size = params_.piece_size(piece);  // 0 past the last piece
  return piece_size > 0 && std::uint64_t{offset} + size <= piece_size;
}

Result<void> MemoryStorage::write(PieceIndex piece, std::uint32_t offset,
                                  std::span<const std::byte> data) {
  if (!fits(piece, offset, data.size())) return fail(storage::errc::out_of_bounds);
  auto [it, inserted] = pieces_.try_emplace(piece.value);
  if (inserted) {
    it->second.resize(params_.piece_size(piece));
    allocated_ += it->second.size();
  }
  std::copy(data.begin(), data.end(), it->second.begin() + offset);
  return {};
}

Result<std::size_t> MemoryStorage::read(PieceIndex piece, std::uint32_t offset,
                                        std::span<std::byte> into) {
  if (!fits(piece, offset, into.size())) return fail(storage::errc::out_of_bounds);
  const auto it = pieces_.find(piece.value);
  if (it == pieces_.end()) {
    std::fill(into.begin(), into.end(), std::byte{0});
  } else {
    const auto from = it->second.begin() + offset;
    std::copy(from, from + static_cast<std::ptrdiff_t>(into.size()), into.begin());
  }
  return into.size();
}

}  // namespace corrent::plugins::storage_memory
