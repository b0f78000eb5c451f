#pragma once
// The bounds of the HTTP tracker protocol (STYLE.md rule 8). Public because the reply
// parser (response.hpp) is: a caller sees what it refuses. Figures follow libtorrent's
// settings_pack defaults (tracker_maximum_response_length, tracker_completion_timeout).
// What every protocol shares (peers per reply, intervals, the receive timeout) is in the
// core's corrent/tracker/limits.hpp.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace corrent::tracker_http {

/// Largest response body accepted: libtorrent's tracker_maximum_response_length (1 MiB).
inline constexpr std::size_t kMaxResponseSize = 1024 * 1024;
/// Longest a whole HTTP request may take (resolve, connect, TLS, redirects, body):
/// libtorrent's tracker_completion_timeout.
inline constexpr std::chrono::milliseconds kTotalTimeout{30 * 1000};
/// Most HTTP redirects followed for one request (libtorrent follows 5 as well).
inline constexpr std::uint32_t kMaxRedirects = 5;
/// Deepest bencode nesting in a tracker reply: 16, as for libtorrent's tracker replies
/// (a reply needs 3: dict > peers list > peer dict; scrape: dict > files > entry).
inline constexpr std::size_t kMaxDecodeDepth = 16;
/// Most bencode items in a tracker reply: enough for kMaxPeersPerResponse dictionary
/// peers (~7 items each) or a scrape of many torrents, far below the default 3 000 000.
inline constexpr std::size_t kMaxDecodeTokens = 100'000;

}  // namespace corrent::tracker_http
