#pragma once
// Bounds and fixed figures of the download engine. Sources: the BitTorrent specs and the
// mature clients' defaults, as collected in reference/reliability.md section 4; where we
// pick our own value the comment says why.

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "corrent/wire/limits.hpp"

namespace corrent::engine {

/// The block size we request: 16 KiB, what every client uses (BEP 3; wire::kBlockSize).
inline constexpr std::uint32_t kBlockSize = wire::kBlockSize;

/// Pieces picked in random order before rarest-first takes over: a new peer first gets
/// some complete pieces to trade, rather than the rarest ones, which are slow to finish
/// (libtorrent's initial_picker_threshold, 4).
inline constexpr std::uint32_t kRandomFirstPieces = 4;

/// Piece priorities: 0 skips a piece, 1..kMaxPiecePriority are picked larger first
/// (libtorrent's 0..7 download priorities, default 4).
inline constexpr std::uint8_t kMaxPiecePriority = 7;
/// The priority of every piece until set otherwise.
inline constexpr std::uint8_t kDefaultPiecePriority = 4;

/// End-game: extra requests of one block to other peers beyond the first, so a block is
/// requested by at most kMaxEndgameDuplicates + 1 peers at once. Bounds the bandwidth
/// wasted on duplicates while a slow peer no longer holds up the end (libtorrent allows
/// one duplicate in strict end-game mode; we allow two).
inline constexpr std::uint32_t kMaxEndgameDuplicates = 2;

/// Seconds of a peer's download rate we keep requested ahead (libtorrent's
/// request_queue_time, 3 s).
inline constexpr std::chrono::seconds kRequestQueueTime{3};
/// Fewest requests kept outstanding at an unchoked peer, however slow (libtorrent's
/// minimum queue of 2, so a new peer's first round trip is not wasted).
inline constexpr std::size_t kMinRequestQueue = 2;
/// Most requests kept outstanding at one peer, whatever its rate (libtorrent's
/// max_out_request_queue, 500: 8 MiB in flight).
inline constexpr std::size_t kMaxRequestQueue = 500;
/// The reqq assumed for a peer that advertises none (DESIGN.md; wire::kDefaultPeerReqq).
inline constexpr std::uint32_t kDefaultPeerReqq = wire::kDefaultPeerReqq;
/// A request not answered within this time is cancelled and its block re-opened for
/// others (libtorrent's piece_timeout, 20 s).
inline constexpr std::chrono::seconds kRequestTimeout{20};

/// Seconds between choker rounds (BEP 3's tit-for-tat: "every ten seconds"; libtorrent's
/// unchoke_interval, 15 s in newer versions).
inline constexpr std::chrono::seconds kChokeInterval{10};
/// Peers unchoked at once, the optimistic one included (BEP 3's four; libtorrent's
/// unchoke_slots_limit was 4 in its 0.x versions, 8 since).
inline constexpr std::size_t kDefaultUploadSlots = 4;

/// Connected peers per torrent (libtorrent's connections_limit, 200; it applies it to the
/// whole session, we apply it per torrent and let the session add a global bound).
inline constexpr std::size_t kMaxConnectionsPerTorrent = 200;
/// Outgoing connections still in their TCP or handshake stage, per torrent
/// (reference/reliability.md §4: libtorrent ≤ 100 total, anacrolix 25 per torrent; 50
/// keeps a fresh swarm filling quickly on loopback and LANs).
inline constexpr std::size_t kMaxHalfOpen = 50;

/// The window RateMeter averages over: long enough to smooth TCP's bursts, short enough
/// that the request queue follows a change of rate within seconds (our choice; the
/// mature clients also average over a few seconds).
inline constexpr std::chrono::milliseconds kRateWindow{5000};
/// The granularity of RateMeter's window: kRateWindow is kept as this many buckets.
inline constexpr std::size_t kRateBuckets = 10;

/// Our external address from hints (trackers' BEP 24 "external ip", peers' BEP 10 "yourip")
/// counts once this many distinct reporters said it: one peer alone could lie (libtorrent
/// and BEP 42's voting likewise wait for agreement).
inline constexpr std::size_t kExternalAddressMinVotes = 2;
/// Reporters whose hint is kept, newest last; the oldest is forgotten past it, so a flood
/// of peers costs bounded memory.
inline constexpr std::size_t kMaxExternalAddressVoters = 64;

/// CheckProgress events of the check on add are published at most this often (plus the
/// last one, when every piece was looked at): a few per second whatever the piece count
/// or the disk's speed, as a progress display needs (status().check_progress is exact at
/// any time).
inline constexpr std::chrono::milliseconds kCheckProgressInterval{250};

}  // namespace corrent::engine
