#pragma once
// The bounds of ut_pex (BEP 11), with where each figure comes from.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace corrent::pex {

/// BEP 11 and the convention the uTorrent and Azureus developers agreed on
/// (wiki.theory.org, "PeerExchangeConventions"): not more often than once a minute.
inline constexpr std::chrono::milliseconds kPexMinInterval{60'000};
/// What we keep above kPexMinInterval. Some clients close a peer whose messages arrive
/// less than 60 s apart as measured at their end, and two messages sent 60 s apart can
/// arrive closer: the first one late (queued behind a slow upload), the second on time.
inline constexpr std::chrono::milliseconds kPexIntervalMargin{5'000};
/// The least time between two messages we send one peer (also the least `interval_ms`).
inline constexpr std::chrono::milliseconds kPexInterval = kPexMinInterval + kPexIntervalMargin;
/// How long after the peer's extension handshake (showing ut_pex) the first message goes:
/// libtorrent sends its first at its next one-second tick. Lets the connection settle
/// (the peer's "p" arrives with that handshake) before we describe the swarm.
inline constexpr std::chrono::milliseconds kPexFirstDelay{1'000};
/// When there was nothing to tell (no message sent, so the interval has not started), how
/// soon we look again: a peer connected a moment later still reaches this one quickly.
inline constexpr std::chrono::milliseconds kPexIdleRecheck{2'000};

/// Most added peers in one message we send, IPv4 and IPv6 together, and most dropped
/// ones: 50 each, the same convention (libtorrent's receiving side takes 100).
inline constexpr std::size_t kMaxAddedPerMessage = 50;
inline constexpr std::size_t kMaxDroppedPerMessage = 50;

/// Largest ut_pex payload we accept; past it the peer is closed. The wire already bounds
/// an extended message (1 MiB); libtorrent closes peers past 500 KiB. An honest message is
/// far smaller: libtorrent's 100 added IPv6 peers with flags are 1.9 KiB, and 64 KiB still
/// holds the dropped list of a swarm of over 3000 IPv6 peers.
inline constexpr std::size_t kMaxPexMessageSize = 64 * 1024;
/// Bencode limits of a ut_pex payload: a flat dict of strings (unknown keys are ignored,
/// but may not nest deeper or hold more items than this).
inline constexpr std::size_t kPexMaxDepth = 4;
inline constexpr std::size_t kPexMaxTokens = 256;

/// The receiving rule. A peer's first message is always taken; after it, one arriving less
/// than kPexMinReceiveGap after the last one taken is ignored (its peers are not offered)
/// and counted. Half the interval leaves room for timer jitter and for messages queued
/// behind a slow connection (libtorrent allows 6 messages in any 60 s for that reason).
inline constexpr std::chrono::milliseconds kPexMinReceiveGap{30'000};
/// Ignored (too early) messages one connection may send; the next one closes the peer
/// with pex::errc::too_frequent, as libtorrent does past its 6 per minute.
inline constexpr std::uint32_t kMaxEarlyPexMessages = 5;

/// Bytes of one compact peer (BEP 23, BEP 7): address and port, network order.
inline constexpr std::size_t kCompactV4Size = 6;
inline constexpr std::size_t kCompactV6Size = 18;

/// "added.f" / "added6.f" bits (BEP 11).
inline constexpr std::uint8_t kFlagEncryption = 0x01;  ///< prefers encryption
inline constexpr std::uint8_t kFlagSeed = 0x02;        ///< seed or upload only
inline constexpr std::uint8_t kFlagUtp = 0x04;         ///< supports uTP
inline constexpr std::uint8_t kFlagHolepunch = 0x08;   ///< supports ut_holepunch (BEP 55)
inline constexpr std::uint8_t kFlagReachable = 0x10;   ///< we connected to it (outgoing)

}  // namespace corrent::pex
