#pragma once
// storage_file: each torrent's files on disk under its save path, written with
// pwrite/pwritev and read with pread. Configuration section "storage_file":
//   max_open_files (integer 1..1024, default 40): file descriptors kept open per torrent
//   (least recently used closed first).

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "storage_file" storage backend.
void register_storage_file(Registry& registry);

}  // namespace corrent::plugins
