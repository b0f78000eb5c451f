#pragma once
// The bounds of the HTTP streaming server's parsers, with their sources (the bounds of
// serving are in serve_limits.hpp). A request past one of them is answered with the
// status named and the connection is closed.

#include <cstddef>

namespace corrent::stream_http {

/// Most bytes of a request head: request line, headers and the blank line. Past it: 431.
/// (Node's default --max-http-header-size is 16 KiB, which we match; nginx allows 8 KiB
/// per line and 32 KiB in all with large_client_header_buffers 4 8k. A media player or
/// browser sends well under 2 KiB; the bound keeps an idle connection's buffer small.)
inline constexpr std::size_t kMaxRequestHead = 16 * 1024;

/// Most header lines in one request. Past it: 431. (Ours: browsers send about 15 and
/// players fewer; Node's server.maxHeadersCount is 2000 and nginx bounds bytes only. A
/// count keeps the per-request vector small even when the bytes are within the head limit.)
inline constexpr std::size_t kMaxHeaderCount = 64;

/// Longest request-target in bytes. Past it: 414. (nginx allows 8 KiB per line; ours is
/// "/files/<40 hex>/<path>?query", and a torrent's path is a few elements of at most 255
/// bytes (NAME_MAX), so even percent-encoded, 3 bytes a byte, a deep path fits.)
inline constexpr std::size_t kMaxTargetLength = 4096;

/// Most decimal digits of a number in a Range header. 19 digits always fit a
/// std::uint64_t (whose largest value has 20), so longer numbers are malformed rather than
/// overflowed; no resource we serve comes near 10^19 bytes.
inline constexpr std::size_t kMaxRangeDigits = 19;

}  // namespace corrent::stream_http
