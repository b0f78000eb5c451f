// The only file of storage_file that reads configuration (STYLE.md rule 9).
#include <memory>

#include "corrent/registry/registry.hpp"
#include "corrent/plugins/storage_file.hpp"
#include "file_storage_backend.hpp"

namespace corrent::plugins {

void register_storage_file(Registry& registry) {
  using storage_file::kDefaultMaxOpenFiles;
  using storage_file::kMaxOpenFilesLimit;
  constexpr auto kDefault = static_cast<std::int64_t>(kDefaultMaxOpenFiles);
  constexpr auto kMax = static_cast<std::int64_t>(kMaxOpenFilesLimit);
  ConfigSchema schema;
  schema.integer("max_open_files", kDefault, 1, kMax,
                 "file descriptors kept open per torrent (least recently used closed first)");
  const auto factory =
      [](PluginContext& context) -> Result<std::unique_ptr<storage::StorageBackend>> {
    CORRENT_TRY(const std::int64_t max_open,
                context.config.get_int("max_open_files", kDefault, 1, kMax));
    return std::make_unique<storage_file::FileStorageBackend>(
        storage_file::FileStorageSettings{static_cast<std::size_t>(max_open)});
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_storage("storage_file", factory, std::move(schema));
}

}  // namespace corrent::plugins
