#pragma once
// --limit-down RATE and --limit-up RATE (download, seed): the session's rate limits
// (engine::SessionSettings::rate_limits), in bytes per second with an optional suffix.

#include <cstdint>
#include <string_view>

#include "cli_args.hpp"

namespace corrent::cli {

/// The largest rate accepted: 1 TiB/s, far above any link, and far below overflow.
inline constexpr std::uint64_t kMaxRate = std::uint64_t{1} << 40;

/// "500000", "800K", "1.5M", "2G": bytes per second, K = 1024 (KiB/s), M = 1024 K, G =
/// 1024 M, either case; a trailing "/s" or "B/s" ("1MB/s", "100KiB/s") is allowed. At
/// least 1 byte/s, at most kMaxRate. Errors as messages naming `flag`.
ArgResult<std::uint64_t> parse_rate(std::string_view flag, std::string_view text);

}  // namespace corrent::cli
