#pragma once
// How many block requests to keep outstanding at a peer.

#include <cstddef>
#include <cstdint>

namespace corrent::engine {

/// The request queue depth for a peer sending at `rate_bytes_per_s`, libtorrent-like:
/// enough blocks to cover kRequestQueueTime of its rate (rate x 3 s / kBlockSize), at
/// least kMinRequestQueue, at most min(peer_reqq, kMaxRequestQueue). The peer's reqq
/// wins over the minimum: we never queue more than it said it accepts (pass
/// kDefaultPeerReqq when it said nothing); a reqq of 0 is taken as 1.
[[nodiscard]] std::size_t request_queue_depth(std::uint64_t rate_bytes_per_s,
                                              std::uint32_t peer_reqq) noexcept;

}  // namespace corrent::engine
