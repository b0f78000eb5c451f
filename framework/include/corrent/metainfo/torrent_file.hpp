#pragma once
// Loading a .torrent from disk: the only part of the metainfo module touching the
// filesystem.

#include <filesystem>

#include "corrent/core/result.hpp"
#include "corrent/metainfo/limits.hpp"
#include "corrent/metainfo/metainfo.hpp"

namespace corrent::metainfo {

/// Reads and parses the .torrent at `path`. The size is checked against
/// limits.max_torrent_size before the file is read whole. Filesystem errors are the OS's
/// std::error_code; parse errors are those of parse_torrent() (without the offset).
[[nodiscard]] Result<Metainfo> load_torrent_file(const std::filesystem::path& path,
                                                 const TorrentLimits& limits = {});

}  // namespace corrent::metainfo
