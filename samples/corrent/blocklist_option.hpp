#pragma once
// --blocklist FILE (download, seed): an IP blocklist (eMule ipfilter.dat or P2P plaintext,
// net/ip_filter.hpp) read once at start into SessionSettings::ip_filter.

#include <filesystem>
#include <memory>

#include "cli_args.hpp"
#include "corrent/net/ip_filter.hpp"

namespace corrent::cli {

/// The filter in `path`. Errors, as messages naming the file: unreadable, larger than
/// net::kMaxIpFilterFileSize, too many ranges, or no valid line at all. Malformed lines
/// are skipped, as real lists carry some; their count is in the filter's parse result.
ArgResult<std::shared_ptr<const net::IpFilter>> load_blocklist(const std::filesystem::path& path);

}  // namespace corrent::cli
