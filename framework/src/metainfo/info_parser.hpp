#pragma once
// The info dict half of .torrent parsing, shared by parse_torrent and parse_info_dict.

#include "corrent/bencode/node.hpp"
#include "corrent/core/result.hpp"
#include "corrent/metainfo/limits.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/metainfo/path_sanitizer.hpp"

namespace corrent::metainfo::detail {

/// Fills the info-dict fields of `out` (info_hash, info_bytes, name, layout, multi_file,
/// piece_hashes, is_private) from `info`, which must be a dict. Sanitising warnings go
/// to `paths`. Error offsets are those of `info`'s document.
[[nodiscard]] ParseResult<void> parse_info(bencode::Node info, const TorrentLimits& limits,
                                           PathSanitizer& paths, Metainfo& out);

}  // namespace corrent::metainfo::detail
