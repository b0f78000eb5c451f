#pragma once
// The storage_memory backend: opens a MemoryStorage per torrent, up to a size bound. Knows
// nothing of the registry or configuration (only register.cpp does).

#include <cstdint>
#include <memory>

#include "corrent/plugins/storage_memory.hpp"
#include "corrent/storage/storage.hpp"

namespace corrent::plugins::storage_memory {

/// Default for MemoryStorageSettings::max_bytes: 1 GiB.
inline constexpr std::uint64_t kDefaultMaxBytes = std::uint64_t{1} << 30;

struct MemoryStorageSettings {
  /// Largest torrent (total size in bytes) open() accepts; per torrent.
  std::uint64_t max_bytes = kDefaultMaxBytes;
};

class MemoryStorageBackend final : public storage::StorageBackend {
 public:
  /// `seeds`: payloads to open torrents with (may be null).
  explicit MemoryStorageBackend(MemoryStorageSettings settings, std::shared_ptr<MemorySeedData> seeds = nullptr)
      : settings_(settings), seeds_(std::move(seeds)) {}

  /// storage::errc::bad_layout for inconsistent params (storage::validate) or a seed
  /// payload of another size than the torrent's, too_large above max_bytes.
  Result<std::unique_ptr<storage::Storage>> open(const storage::OpenParams& params) override;

  [[nodiscard]] const MemoryStorageSettings& settings() const { return settings_; }

 private:
  MemoryStorageSettings settings_;
  std::shared_ptr<MemorySeedData> seeds_;
};

}  // namespace corrent::plugins::storage_memory
