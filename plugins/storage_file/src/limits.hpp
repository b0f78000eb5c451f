#pragma once
// The bounds of storage_file (STYLE.md rule 8).

#include <cstddef>

namespace corrent::plugins::storage_file {

/// Default file descriptors kept open per torrent: libtorrent's file_pool_size default (40).
inline constexpr std::size_t kDefaultMaxOpenFiles = 40;
/// Largest max_open_files accepted: the usual soft RLIMIT_NOFILE (1024), which one
/// torrent must not exhaust by itself.
inline constexpr std::size_t kMaxOpenFilesLimit = 1024;

}  // namespace corrent::plugins::storage_file
