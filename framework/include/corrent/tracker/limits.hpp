#pragma once
// Bounds on talking to trackers that every protocol shares. Figures follow libtorrent's
// settings_pack defaults (tracker_receive_timeout, stop_tracker_timeout,
// src/announce_entry.cpp), BEP 15 and Transmission's announcer, as collected in
// reference/reliability.md section 4. Bounds of one protocol are in its plugin:
// corrent/plugins/tracker_http/limits.hpp (body size, decoding, total time, redirects) and
// tracker_udp's src/limits.hpp (BEP 15 retransmission, connection ids).

#include <chrono>
#include <cstddef>

namespace corrent::tracker {

/// Longest wait for any byte of an HTTP response, and for a UDP tracker's host name to
/// resolve: libtorrent's tracker_receive_timeout.
inline constexpr std::chrono::milliseconds kReceiveTimeout{10 * 1000};
/// Longest the "stopped" announce may delay shutdown: libtorrent's stop_tracker_timeout.
inline constexpr std::chrono::milliseconds kStopTimeout{5 * 1000};

/// Longest one announce to one tracker may take before the Announcer counts it as failed
/// and asks the next tracker (BEP 12 fail-over). It bounds every protocol, and so
/// tracker_udp's BEP 15 schedule (15 s * 2^n): a silent UDP tracker fails after its first
/// 15 s wait instead of after about two hours of retransmissions, and later attempts are
/// spaced by the tracker back-off (kBackoff*). libtorrent fails a silent tracker after tracker_receive_timeout
/// (10 s); 15 s keeps BEP 15's first wait whole.
inline constexpr std::chrono::milliseconds kAnnounceAttemptTimeout{15 * 1000};

/// Most peers taken from one announce response; the rest are ignored (not an error).
/// Trackers send 50 by default and rarely honour numwant above 200; 2000 leaves room
/// while bounding the work a hostile 1 MiB reply can cause.
inline constexpr std::size_t kMaxPeersPerResponse = 2000;
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
