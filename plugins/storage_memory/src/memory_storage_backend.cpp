#include "memory_storage_backend.hpp"

#include "corrent/storage/error.hpp"
#include "memory_storage.hpp"

namespace corrent::plugins::storage_memory {

Result<std::unique_ptr<storage::Storage>> MemoryStorageBackend::open(
    const storage::OpenParams& params) {
  CORRENT_TRY_VOID(storage::validate(params));
  if (params.layout.total_size() > settings_.max_bytes) return fail(storage::errc::too_large);
  return std::make_unique<MemoryStorage>(params.layout);
}

}  // namespace corrent::plugins::storage_memory
