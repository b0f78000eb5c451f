#pragma once
// Bounds on talking to trackers. Figures follow libtorrent's settings_pack defaults
// (tracker_receive_timeout, tracker_completion_timeout, stop_tracker_timeout,
// tracker_maximum_response_length, src/announce_entry.cpp), BEP 15 and Transmission's
// announcer, as collected in reference/reliability.md section 4.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace corrent::tracker {

/// Largest response body accepted: libtorrent's tracker_maximum_response_length (1 MiB).
inline constexpr std::size_t kMaxResponseSize = 1024 * 1024;
/// Longest wait for any byte of an HTTP response: libtorrent's tracker_receive_timeout.
inline constexpr std::chrono::milliseconds kReceiveTimeout{10 * 1000};
/// Longest a whole HTTP request may take (resolve, connect, TLS, redirects, body):
/// libtorrent's tracker_completion_timeout.
inline constexpr std::chrono::milliseconds kTotalTimeout{30 * 1000};
/// Longest the "stopped" announce may delay shutdown: libtorrent's stop_tracker_timeout.
inline constexpr std::chrono::milliseconds kStopTimeout{5 * 1000};
/// Most HTTP redirects followed for one request (libtorrent follows 5 as well).
inline constexpr std::uint32_t kMaxRedirects = 5;

/// Longest one announce to one tracker may take before the Announcer counts it as failed
/// and asks the next tracker (BEP 12 fail-over). It bounds every protocol, and so the
/// BEP 15 schedule below: a silent UDP tracker fails after its first 15 s wait instead of
/// after about two hours of retransmissions, and later attempts are spaced by the tracker
/// back-off (kBackoff*). libtorrent fails a silent tracker after tracker_receive_timeout
/// (10 s); 15 s keeps BEP 15's first wait whole.
inline constexpr std::chrono::milliseconds kAnnounceAttemptTimeout{15 * 1000};

/// BEP 15: wait 15 * 2^n seconds for the n-th attempt's reply ...
inline constexpr std::chrono::milliseconds kUdpRetransmitBase{15 * 1000};
/// ... retransmitting up to n = 8 (so 9 attempts, about 2 h 8 min in all), then fail.
inline constexpr std::uint32_t kUdpMaxRetransmits = 8;
/// BEP 15: a connection id may be used for one minute after it was received.
inline constexpr std::chrono::milliseconds kConnectionIdLifetime{60 * 1000};
/// Largest UDP datagram read: the IPv4 maximum payload. Longer replies are truncated by
/// the kernel and then rejected by the stride check.
inline constexpr std::size_t kUdpMaxPacketSize = 65507;

/// Most peers taken from one announce response; the rest are ignored (not an error).
/// Trackers send 50 by default and rarely honour numwant above 200; 2000 leaves room
/// while bounding the work a hostile 1 MiB reply can cause.
inline constexpr std::size_t kMaxPeersPerResponse = 2000;
/// Deepest bencode nesting in a tracker reply: 16, as for libtorrent's tracker replies
/// (a reply needs 3: dict > peers list > peer dict; scrape: dict > files > entry).
inline constexpr std::size_t kMaxDecodeDepth = 16;
/// Most bencode items in a tracker reply: enough for kMaxPeersPerResponse dictionary
/// peers (~7 items each) or a scrape of many torrents, far below the default 3 000 000.
inline constexpr std::size_t kMaxDecodeTokens = 100'000;
/// Most info-hashes in one scrape: BEP 15 says "up to about 74" fit one UDP packet; the
/// same bound keeps HTTP scrape URLs short.
inline constexpr std::size_t kMaxScrapeInfoHashes = 74;

/// The announce interval used when a tracker gives none, 0 or a negative one (30 min).
inline constexpr std::chrono::seconds kDefaultInterval{1800};
/// Shortest interval (and min interval) taken from a tracker; smaller values are raised.
inline constexpr std::chrono::seconds kMinInterval{1};
/// Longest interval taken from a tracker (one day); larger values are lowered.
inline constexpr std::chrono::seconds kMaxInterval{86400};
/// Fewest seconds between two regular announces to one torrent whatever the tracker
/// says: libtorrent's min_announce_interval (5 min). AnnouncerSettings can lower it (tests).
inline constexpr std::chrono::milliseconds kMinAnnounceInterval{300 * 1000};

/// Retry after a failure: base + step * fails^2, at most cap (libtorrent's
/// tracker_retry_delay: 5 + 12.5 * fails^2 seconds, capped at 60 min).
inline constexpr std::chrono::milliseconds kBackoffBase{5 * 1000};
inline constexpr std::chrono::milliseconds kBackoffStep{12500};
inline constexpr std::chrono::milliseconds kBackoffCap{3600 * 1000};

}  // namespace corrent::tracker
