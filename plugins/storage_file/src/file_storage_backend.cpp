#include "file_storage_backend.hpp"

#include "corrent/metainfo/path_sanitizer.hpp"
#include "corrent/storage/error.hpp"
#include "file_storage.hpp"

namespace corrent::plugins::storage_file {

Result<std::unique_ptr<storage::Storage>> FileStorageBackend::open(
    const storage::OpenParams& params) {
  CORRENT_TRY_VOID(storage::validate(params));
  for (const auto& file : params.layout.files()) {
    if (!file.pad && !metainfo::is_safe_relative_path(file.path)) {
      return fail(storage::errc::unsafe_path);
    }
  }
  auto storage = std::make_unique<FileStorage>(params.layout, params.save_path,
                                               params.file_priorities, settings_.max_open_files,
                                               params.read_only, budget_);
  CORRENT_TRY_VOID(storage->create_empty_files());
  return storage;
}

}  // namespace corrent::plugins::storage_file
