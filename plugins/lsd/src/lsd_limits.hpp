#pragma once
// The bounds of the lsd plugin (BEP 14), each with where its figure comes from. The
// message limits bound the parser (announce_message.hpp); the rate limits bound what we
// send and what one source may make us do.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace corrent::lsd {

/// The BEP 14 multicast port (both groups).
inline constexpr std::uint16_t kDefaultPort = 6771;
/// The IPv4 group, "org-local" scope (BEP 14, group A).
inline constexpr std::array<std::uint8_t, 4> kGroupV4{239, 192, 152, 143};
/// The IPv6 group ff15::efc0:988f, "site-local" scope (BEP 14, group B).
inline constexpr std::array<std::uint8_t, 16> kGroupV6{0xff, 0x15, 0, 0, 0, 0, 0, 0,
                                                       0, 0, 0, 0, 0xef, 0xc0, 0x98, 0x8f};
/// The groups as the Host header spells them (BEP 14: RFC 2732 brackets for IPv6).
inline constexpr std::string_view kHostV4 = "239.192.152.143";
inline constexpr std::string_view kHostV6 = "[ff15::efc0:988f]";

/// The largest announce sent or accepted: BEP 14, "the packet length should not exceed
/// 1400 bytes to avoid MTU/fragmentation problems". A larger datagram is refused whole.
inline constexpr std::size_t kMaxAnnounceSize = 1400;

/// Infohash headers in one announce, sent or accepted. Ours: the most that fit in
/// kMaxAnnounceSize next to our other headers (96 bytes with an IPv6 Host, port 65535 and
/// our 16-digit cookie, plus 52 bytes per "Infohash: <40 hex>\r\n"); checked by a
/// static_assert in announce_message.cpp.
inline constexpr std::size_t kMaxInfohashesPerAnnounce = 25;

/// Header lines (after the start line) in one announce. Ours: 25 infohashes, Host, Port
/// and cookie, with room for a few headers we do not know (BEP 14: ignored).
inline constexpr std::size_t kMaxHeaders = 40;

/// The longest cookie accepted. BEP 14 calls it opaque; libtorrent sends up to 8 hex
/// digits (lsd.cpp, "%x" of a 31-bit value), we send kCookieSize. Ours: room for others.
inline constexpr std::size_t kMaxCookieSize = 64;
/// Our cookie: 16 hex digits of 64 random bits (ours).
inline constexpr std::size_t kCookieSize = 16;

/// How often each torrent is announced again: libtorrent's default
/// local_service_announce_interval (5 * 60 s, settings_pack.cpp), which is also BEP 14's
/// "should send a LSD announce every 5 minutes".
inline constexpr std::chrono::minutes kAnnounceInterval{5};

/// Our own sending: a token bucket of kSendBurst announce rounds (one datagram per
/// group), refilled by one every kSendRefill. BEP 14: "a client should send no more than
/// 1 announce per minute" to avoid multicast storms; the burst (ours) lets the torrents of
/// the first minutes announce at once instead of waiting, and every announce carries all
/// the torrents then due (up to kMaxInfohashesPerAnnounce), so the refill rate holds
/// however many torrents run.
inline constexpr std::uint32_t kSendBurst = 3;
inline constexpr std::chrono::minutes kSendRefill{1};

/// Announces accepted from one source address per kSourceWindow; the rest are dropped
/// unread. Ours: libtorrent sends every announce three times (lsd.cpp: again after 2 s
/// and 4 s more), one per torrent, on each torrent's start and then spread over its
/// 5-minute interval, so a source starting 100 torrents sends 300 in a few seconds.
inline constexpr std::uint32_t kMaxAnnouncesPerSource = 300;
inline constexpr std::chrono::seconds kSourceWindow{60};
/// Source addresses counted at once (ours: a LAN segment; past it the counters reset, as
/// net::SourceCounters does, so spoofed sources cannot grow memory).
inline constexpr std::size_t kMaxTrackedSources = 1024;

/// Multicast hops (IPv4 TTL) of our announces. BEP 14 suggests above 1, the groups being
/// wider than one link; libtorrent uses 32 (lsd.cpp). Ours: the same.
inline constexpr int kMulticastHops = 32;

/// The longest a send of one announce may take before it is given up (ours: a UDP send
/// completes at once unless the socket buffer is full).
inline constexpr std::chrono::seconds kSendTimeout{5};

}  // namespace corrent::lsd
