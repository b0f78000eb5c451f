#pragma once
// Every bound of the web seed plugin, with its source. The configurable ones are defaults
// of WebSeedSettings; register.cpp bounds what a configuration may set.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace corrent::webseed {

/// Attempts per piece before the stream gives up (ours: libtorrent retries a web seed
/// indefinitely after urlseed_wait_retry; we end the stream sooner and let the service
/// come back after its own back-off, which has the same effect with one loop fewer).
inline constexpr std::uint32_t kDefaultMaxRetries = 3;
/// First wait between two attempts of one piece; doubled each time (ours).
inline constexpr std::chrono::milliseconds kDefaultRetryDelay{2'000};
/// Longest wait between two attempts of one piece (ours: libtorrent's urlseed_wait_retry
/// is 30 s, between connections; within one stream we wait less).
inline constexpr std::chrono::milliseconds kMaxRetryDelay{30'000};
/// Longest a single HTTP request may take, and any wait for bytes within it (ours, as
/// libtorrent's urlseed_timeout of 20 s).
inline constexpr std::chrono::milliseconds kDefaultRequestTimeout{20'000};

/// The service's first wait before it adopts a URL whose stream ended (libtorrent's
/// urlseed_wait_retry, 30 s); doubled after each stream that ended without serving a
/// piece, up to kMaxReadoptDelay (ours: a server down for hours is asked once a half-hour).
inline constexpr std::chrono::milliseconds kDefaultReadoptDelay{30'000};
inline constexpr std::chrono::milliseconds kMaxReadoptDelay{30 * 60'000};
/// How often the service looks at its torrents even without an event (ours: re-adoption
/// times are checked at this grain).
inline constexpr std::chrono::milliseconds kServiceTick{1'000};

/// Verified pieces kept in memory, so that the blocks of one piece come from one fetch
/// (ours: the engine asks for one piece's blocks together, a few pieces deep).
inline constexpr std::size_t kPieceCacheSize = 4;
/// Largest piece the plugin fetches (ours: kPieceCacheSize of them stay under 256 MiB;
/// metainfo allows larger pieces, whose torrents get no web seed).
inline constexpr std::uint32_t kMaxPieceLength = 64 * 1024 * 1024;
/// Most requests the engine may have outstanding with one web seed (ours; libtorrent's
/// max_out_request_queue default is 500, the engine asks far fewer of one peer).
inline constexpr std::size_t kMaxOutstandingRequests = 250;
/// Most bytes of engine messages buffered before they are parsed (the largest message is
/// the engine's BITFIELD, bounded by wire::max_message_length).
inline constexpr std::size_t kMaxInboundMessage = 1024 * 1024;
/// A 200 answer (no range support) is accepted only when the body is the whole file;
/// files larger than this are not taken whole (ours: one whole file in memory at most).
inline constexpr std::uint64_t kMaxWholeFileBody = 16 * 1024 * 1024;
/// Most web seeds per torrent the service runs (ours: url-lists are a handful of
/// mirrors; a list of thousands must not become thousands of streams).
inline constexpr std::size_t kMaxWebSeedsPerTorrent = 8;
/// Our peer id's prefix (Azureus style, "WS" for web seed, version 0001).
inline constexpr char kPeerIdPrefix[] = "-WS0001-";

}  // namespace corrent::webseed
