#pragma once
// storage_memory: keeps every torrent's data in memory. For tests, demos and streaming
// without a disk. Configuration section "storage_memory":
//   max_bytes (integer, default 1 GiB): largest torrent it accepts; bigger ones fail to
//   open with storage::errc::too_large.
//
// An application that holds a torrent's bytes itself (WebTorrent's client.seed(buffer))
// gives them through MemorySeedData before adding the torrent: the torrent then opens
// with its data present, is checked as complete and seeds.

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "corrent/metainfo/info_hash.hpp"

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Payloads waiting for their torrent to be opened by storage_memory, by info-hash. The
/// payload is the torrent's byte stream (its files end to end, pad files as zeros); open()
/// takes it, so it is held once. Safe to use from any thread.
class MemorySeedData {
 public:
  /// Replaces what was put under `info_hash` before.
  void put(const metainfo::InfoHash& info_hash, std::vector<std::byte> payload);
  /// Takes the payload put under `info_hash`, if any.
  [[nodiscard]] std::optional<std::vector<std::byte>> take(const metainfo::InfoHash& info_hash);
  /// Drops it (a torrent that was not added after all).
  void forget(const metainfo::InfoHash& info_hash);

 private:
  std::mutex mutex_;
  std::map<metainfo::InfoHash, std::vector<std::byte>> payloads_;
};

/// Registers the "storage_memory" storage backend.
void register_storage_memory(Registry& registry);
/// The same, opening a torrent with the payload `seeds` holds for it (if any). A payload
/// whose size is not the torrent's fails the open with storage::errc::bad_layout.
void register_storage_memory(Registry& registry, std::shared_ptr<MemorySeedData> seeds);

}  // namespace corrent::plugins
