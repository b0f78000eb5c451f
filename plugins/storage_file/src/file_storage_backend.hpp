#pragma once
// The storage_file backend: opens a FileStorage per torrent. Knows nothing of the registry
// or configuration (only register.cpp does).

#include <cstddef>
#include <memory>

#include "corrent/storage/storage.hpp"
#include "fd_cache.hpp"
#include "limits.hpp"

namespace corrent::plugins::storage_file {

struct FileStorageSettings {
  /// File descriptors kept open per torrent (1..kMaxOpenFilesLimit).
  std::size_t max_open_files = kDefaultMaxOpenFiles;
};

class FileStorageBackend final : public storage::StorageBackend {
 public:
  explicit FileStorageBackend(FileStorageSettings settings) : settings_(settings) {}

  /// storage::errc::bad_layout for inconsistent params (storage::validate), unsafe_path
  /// when a file's path fails metainfo::is_safe_relative_path. Creates the wanted
  /// zero-length files; every other file waits for its first write.
  Result<std::unique_ptr<storage::Storage>> open(const storage::OpenParams& params) override;

  /// Every torrent's descriptors together stay within `files` (plus one per torrent).
  void set_descriptor_budget(std::size_t files) override { budget_->limit = files; }

  [[nodiscard]] const FileStorageSettings& settings() const { return settings_; }
  /// Descriptors open now, all torrents together (for tests of the budget).
  [[nodiscard]] std::size_t open_files() const { return budget_->open; }

 private:
  FileStorageSettings settings_;
  std::shared_ptr<FdBudget> budget_ = std::make_shared<FdBudget>();
};

}  // namespace corrent::plugins::storage_file
