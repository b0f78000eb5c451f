#pragma once
// load_ip_filter: a blocklist file read with its size bound checked before reading, then
// parsed by parse_ip_filter (ip_filter.hpp). What the CLI's --blocklist and the client
// API's ClientOptions::blocklist share.

#include <filesystem>

#include "corrent/core/result.hpp"
#include "corrent/net/ip_filter.hpp"

namespace corrent::net {

/// The parsed blocklist at `path`. Errors: the system's (no such file: std::errc::
/// no_such_file_or_directory; unreadable), ip_filter_errc::file_too_large (over
/// limits.max_file_size, found from the file's size before a byte is read), and
/// parse_ip_filter's.
[[nodiscard]] Result<ParsedIpFilter> load_ip_filter(const std::filesystem::path& path, IpFilterLimits limits = {});

}  // namespace corrent::net
