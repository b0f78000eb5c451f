#pragma once
// Per-source rate limiting of incoming DHT traffic. The datagram service counts datagrams
// per source address over its window (net::Datagram::recent_from_source, over
// net::kSourceCountWindow); the DHT drops a datagram whose source is past
// kMaxQueriesPerSecondPerSource on average over that window (libtorrent's
// dht_block_ratelimit, dos_blocker.cpp), without answering it, so a flood costs us no
// upload and gains the flooder nothing.

#include <chrono>
#include <cstdint>

#include "corrent/net/limits.hpp"
#include "dht_limits.hpp"

namespace corrent::dht {

/// Datagrams from one source allowed in one count window.
inline constexpr std::uint32_t kMaxDatagramsPerSourceWindow =
    kMaxQueriesPerSecondPerSource *
    static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(net::kSourceCountWindow).count());

/// Whether to drop a datagram whose source has sent `recent_from_source` datagrams (this
/// one included) in the current window.
[[nodiscard]] constexpr bool over_source_rate_limit(std::uint32_t recent_from_source,
                                                    std::uint32_t limit = kMaxDatagramsPerSourceWindow) {
  return recent_from_source > limit;
}

}  // namespace corrent::dht
