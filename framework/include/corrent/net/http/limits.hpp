#pragma once
// Bounds on HTTP responses (the client serves trackers, web seeds and UPnP). Chunk sizes
// and lengths are validated before use: parse_chunk_header overflows (CVE-2016-5301) and
// negative chunk counters (libtorrent PR#8636) are the class of bug these prevent.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace corrent::net::http {

/// Most bytes of status line plus headers (libtorrent's http_parser keeps headers in its
/// receive buffer; 16 KiB is well above real responses and nginx's 8 KiB default).
inline constexpr std::size_t kDefaultMaxHeaderBytes = 16 * 1024;
/// Most header lines.
inline constexpr std::size_t kDefaultMaxHeaders = 100;
/// Default largest body: 1 MiB, the tracker bound (libtorrent tracker_maximum_response_length).
inline constexpr std::size_t kDefaultMaxBodyBytes = 1024 * 1024;
/// Most hex digits in a chunk size: 15 keeps every size below 2^60, so no overflow; the
/// size is then checked against the body bound.
inline constexpr std::size_t kMaxChunkSizeDigits = 15;
/// Most bytes of one chunk-size line (with extensions) or trailer line.
inline constexpr std::size_t kMaxChunkLineBytes = 1024;

/// Default timeouts and redirect bound of http_get (tracker figures: libtorrent's
/// tracker_receive_timeout and tracker_completion_timeout; 5 redirects).
inline constexpr std::chrono::milliseconds kDefaultReceiveTimeout{10 * 1000};
inline constexpr std::chrono::milliseconds kDefaultTotalTimeout{30 * 1000};
inline constexpr std::uint32_t kDefaultMaxRedirects = 5;

}  // namespace corrent::net::http
