// The only file of storage_memory that reads configuration (STYLE.md rule 9).
#include <limits>
#include <memory>

#include "corrent/registry/registry.hpp"
#include "corrent/plugins/storage_memory.hpp"
#include "memory_storage_backend.hpp"

namespace corrent::plugins {

void register_storage_memory(Registry& registry) { register_storage_memory(registry, nullptr); }

void register_storage_memory(Registry& registry, std::shared_ptr<MemorySeedData> seeds) {
  using storage_memory::kDefaultMaxBytes;
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  ConfigSchema schema;
  schema.integer("max_bytes", static_cast<std::int64_t>(kDefaultMaxBytes), 0, kMax,
                 "largest torrent kept in memory, in bytes");
  const auto factory =
      [seeds](PluginContext& context) -> Result<std::unique_ptr<storage::StorageBackend>> {
    CORRENT_TRY(const std::int64_t max_bytes,
                context.config.get_int("max_bytes", static_cast<std::int64_t>(kDefaultMaxBytes),
                                       0, kMax));
    return std::make_unique<storage_memory::MemoryStorageBackend>(
        storage_memory::MemoryStorageSettings{static_cast<std::uint64_t>(max_bytes)}, seeds);
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_storage("storage_memory", factory, std::move(schema));
}

}  // namespace corrent::plugins
