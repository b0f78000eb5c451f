#pragma once
// What every tracker protocol's reply parser shares: interval clamping and compact peer
// lists (BEP 23 and BEP 7 over HTTP, BEP 15 over UDP). Public so that the protocol plugins
// (tracker_http, tracker_udp) parse alike. Sans-I/O.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "corrent/net/endpoint.hpp"
#include "corrent/tracker/limits.hpp"

namespace corrent::tracker {

/// A tracker's interval in seconds, clamped to [kMinInterval, kMaxInterval]; missing,
/// zero or negative becomes kDefaultInterval.
inline std::chrono::seconds clamp_interval(std::int64_t seconds) {
  if (seconds <= 0) return kDefaultInterval;
  if (seconds < kMinInterval.count()) return kMinInterval;
  if (seconds > kMaxInterval.count()) return kMaxInterval;
  return std::chrono::seconds(seconds);
}

/// The size of one compact peer: 4-byte address (or 16) and 2-byte port.
constexpr std::size_t kCompactV4 = 6;
constexpr std::size_t kCompactV6 = 18;

/// Appends the peers of a compact list of `stride`-byte entries (6 or 18) to `out`, up to
/// kMaxPeersPerResponse in `out`; entries with port 0 are skipped. False when the length
/// is not a multiple of the stride (nothing is appended then).
inline bool append_compact_peers(std::span<const std::uint8_t> bytes, std::size_t stride,
                                 std::vector<net::Endpoint>& out) {
  if (bytes.size() % stride != 0) return false;
  for (std::size_t at = 0; at + stride <= bytes.size(); at += stride) {
    if (out.size() >= kMaxPeersPerResponse) break;
    const auto port = static_cast<std::uint16_t>((bytes[at + stride - 2] << 8) | bytes[at + stride - 1]);
    if (port == 0) continue;
    if (stride == kCompactV4) {
      net::Endpoint::V4Bytes a{};
      for (std::size_t i = 0; i < a.size(); ++i) a[i] = bytes[at + i];
      out.push_back(net::Endpoint::v4(a, port));
    } else {
      net::Endpoint::V6Bytes a{};
      for (std::size_t i = 0; i < a.size(); ++i) a[i] = bytes[at + i];
      out.push_back(net::Endpoint::v6(a, port));
    }
  }
  return true;
}

}  // namespace corrent::tracker
