#include "memory_storage_backend.hpp"

#include "corrent/storage/error.hpp"
#include "memory_storage.hpp"

namespace corrent::plugins::storage_memory {

namespace {

// Writes the whole payload, piece by piece, as downloaded blocks would be.
Result<void> fill(MemoryStorage& storage, const metainfo::FileLayout& layout, std::span<const std::byte> payload) {
  if (payload.size() != layout.total_size()) return fail(storage::errc::bad_layout);
  std::uint64_t at = 0;
  for (std::uint32_t p = 0; p < layout.piece_count(); ++p) {
    const auto size = layout.piece_size(PieceIndex{p});
    CORRENT_TRY_VOID(storage.write(PieceIndex{p}, 0, payload.subspan(at, size)));
    at += size;
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<storage::Storage>> MemoryStorageBackend::open(
    const storage::OpenParams& params) {
  CORRENT_TRY_VOID(storage::validate(params));
  if (params.layout.total_size() > settings_.max_bytes) return fail(storage::errc::too_large);
  auto storage = std::make_unique<MemoryStorage>(params.layout);
  auto payload = seeds_ ? seeds_->take(params.info_hash) : std::nullopt;
  if (payload) CORRENT_TRY_VOID(fill(*storage, params.layout, *payload));
  return storage;
}

}  // namespace corrent::plugins::storage_memory
