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
/// Longest wait to open a SOCKS5 UDP association (resolving the proxy's name, the TCP
/// connect, greeting to reply). Ours: net::kSocks5HandshakeTimeout's 10 s, the bound
/// tracker_http and the peer tunnels give the same handshake.
inline constexpr std::chrono::milliseconds kProxyAssociateTimeout{10 * 1000};
/// Room for the SOCKS5 UDP request header before a relayed datagram (RFC 1928 section 7:
/// RSV FRAG ATYP, a name of up to 255 bytes with its length byte, DST.PORT).
inline constexpr std::size_t kSocks5UdpHeaderMax = 4 + 1 + 255 + 2;

}  // namespace corrent::tracker_udp
