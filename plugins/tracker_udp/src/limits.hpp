#pragma once
// The bounds of the UDP tracker protocol, from BEP 15 (STYLE.md rule 8). What every
// protocol shares (peers per reply, intervals, the receive timeout) is in the core's
// corrent/tracker/limits.hpp.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace corrent::tracker_udp {

/// BEP 15: wait 15 * 2^n seconds for the n-th attempt's reply ...
inline constexpr std::chrono::milliseconds kUdpRetransmitBase{15 * 1000};
/// ... retransmitting up to n = 8 (so 9 attempts, about 2 h 8 min in all), then fail.
inline constexpr std::uint32_t kUdpMaxRetransmits = 8;
/// BEP 15: a connection id may be used for one minute after it was received.
inline constexpr std::chrono::milliseconds kConnectionIdLifetime{60 * 1000};
/// Largest UDP datagram read: the IPv4 maximum payload. Longer replies are truncated by
/// the kernel and then rejected by the stride check.
inline constexpr std::size_t kUdpMaxPacketSize = 65507;

}  // namespace corrent::tracker_udp
