#include "memory_storage.hpp"

#include <algorithm>
#include <mutex>
#include <utility>

#include "corrent/storage/error.hpp"

namespace corrent::plugins::storage_memory {

MemoryStorage::MemoryStorage(metainfo::FileLayout layout) : layout_(std::move(layout)) {}

bool MemoryStorage::fits(PieceIndex piece, std::uint32_t offset, std::size_t size) const {
  const std::uint64_t piece_size = layout_.piece_size(piece);  // 0 past the last piece
  return piece_size > 0 && std::uint64_t{offset} + size <= piece_size;
}

bool MemoryStorage::all_pad(PieceIndex piece, std::uint32_t offset, std::size_t size) const {
  if (size == 0) return true;
  const auto slices = layout_.map_block(piece, offset, static_cast<std::uint32_t>(size));
  return std::all_of(slices.begin(), slices.end(), [&](const metainfo::FileSlice& s) {
    return layout_.files()[s.file.value].pad;
  });
}

Result<void> MemoryStorage::write(PieceIndex piece, std::uint32_t offset,
                                  std::span<const std::byte> data) {
  if (!fits(piece, offset, data.size())) return fail(storage::errc::out_of_bounds);
  const std::unique_lock lock(mutex_);
  auto [it, inserted] = pieces_.try_emplace(piece.value);
  if (inserted) {
    it->second.resize(layout_.piece_size(piece));
    allocated_ += it->second.size();
  }
  std::copy(data.begin(), data.end(), it->second.begin() + offset);
  return {};
}

Result<std::size_t> MemoryStorage::read(PieceIndex piece, std::uint32_t offset,
                                        std::span<std::byte> into) {
  if (!fits(piece, offset, into.size())) return fail(storage::errc::out_of_bounds);
  const std::shared_lock lock(mutex_);
  const auto it = pieces_.find(piece.value);
  if (it == pieces_.end()) {
    if (!all_pad(piece, offset, into.size())) return fail(storage::errc::not_present);
    std::fill(into.begin(), into.end(), std::byte{0});
  } else {
    const auto from = it->second.begin() + offset;
    std::copy(from, from + static_cast<std::ptrdiff_t>(into.size()), into.begin());
  }
  return into.size();
}

std::uint64_t MemoryStorage::allocated_bytes() const {
  const std::shared_lock lock(mutex_);
  return allocated_;
}

}  // namespace corrent::plugins::storage_memory
