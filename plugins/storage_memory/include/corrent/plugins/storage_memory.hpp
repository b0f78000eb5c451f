#pragma once
// storage_memory: keeps every torrent's data in memory. For tests, demos and streaming
// without a disk. Configuration section "storage_memory":
//   max_bytes (integer, default 1 GiB): largest torrent it accepts; bigger ones fail to
//   open with storage::errc::too_large.

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "storage_memory" storage backend.
void register_storage_memory(Registry& registry);

}  // namespace corrent::plugins
