#pragma once
// The IPv4 default gateway, from Linux's /proc/net/route: a pure parser of the file's
// text (unit-tested) and a bounded reader of the file.

#include <array>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "corrent/core/result.hpp"

namespace corrent::nat_pmp {

using Ipv4Bytes = std::array<std::uint8_t, 4>;

/// The gateway of the default route (destination and mask 0, flags RTF_UP|RTF_GATEWAY)
/// with the lowest metric in /proc/net/route's text. Addresses there are the kernel's
/// 32-bit values in host byte order, so this reads them on the host that wrote them.
/// Errors: nat_pmp::errc::no_gateway (no such route, or unparsable lines only; bad lines
/// are skipped), bad_route_file (more than kMaxRouteLines lines).
Result<Ipv4Bytes> parse_default_gateway(std::string_view route_text);

/// Reads `path` (at most kMaxRouteFileSize bytes) and parses it. Errors: bad_route_file
/// (unreadable or too large), then parse_default_gateway's.
Result<Ipv4Bytes> read_default_gateway(const std::filesystem::path& path = "/proc/net/route");

}  // namespace corrent::nat_pmp
