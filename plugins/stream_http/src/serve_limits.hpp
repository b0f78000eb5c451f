#pragma once
// The bounds of serving: connections, time-outs, read-ahead. (The parsers' bounds are in
// stream_limits.hpp.) Each says where its value comes from.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace corrent::stream_http {

/// Connections served at once by default; one more is answered 503 and closed. A player
/// opens two or three (a probe, the stream, a seek); the page polls on one more.
inline constexpr std::size_t kDefaultMaxConnections = 32;
inline constexpr std::size_t kMaxConnectionsLimit = 1024;

/// A request head must arrive whole within this of the connection's start or of the
/// previous response (slowloris: nginx's client_header_timeout is 60 s; a local player
/// sends its head in one packet).
inline constexpr std::chrono::seconds kHeadTimeout{10};
/// A keep-alive connection with no request for this long is closed (nginx: 75 s).
inline constexpr std::chrono::seconds kIdleTimeout{60};
/// A write that makes no progress for this long ends the connection (a reader that
/// stopped reading: its socket buffer is full). Long, since a paused player stops reading.
inline constexpr std::chrono::seconds kWriteTimeout{120};
/// A wait for the pieces under the reading position that lasts this long ends the
/// response (the torrent has no peers with them); the player may ask again.
inline constexpr std::chrono::seconds kReadTimeout{120};

/// A closing connection reads and drops what the client still sends for at most this long
/// and this much (socket_io.hpp, linger_close; nginx's lingering_time is 30 s and its
/// lingering_timeout 5 s: ours are shorter, as a local player sends little).
inline constexpr std::chrono::seconds kLingerTime{2};
inline constexpr std::size_t kLingerBytes = 256 * 1024;

/// Bytes read from the session and written per step of a response: small enough that a
/// seek is answered quickly and memory per connection stays bounded (one chunk in
/// flight), large enough that the per-step cost is amortised.
inline constexpr std::size_t kChunkBytes = 256 * 1024;

/// Read-ahead: seconds of the reader's rate ahead of it that get piece deadlines (the
/// default of read_ahead_seconds), and the window's bounds in bytes.
inline constexpr std::int64_t kDefaultReadAheadSeconds = 20;
inline constexpr std::int64_t kMaxReadAheadSeconds = 600;
inline constexpr std::uint64_t kMinReadAhead = 4 * 1024 * 1024;
inline constexpr std::uint64_t kMaxReadAhead = 128 * 1024 * 1024;
/// The rate assumed before a reader's is measured: 1 MiB/s, about an 8 Mbit/s video.
inline constexpr std::uint64_t kAssumedReaderRate = 1024 * 1024;
/// A reader's rate is its bytes over at least this much time (see ReaderRate).
inline constexpr std::chrono::seconds kRateWindowFloor{2};

/// The JSON of /api/torrents lists at most this many torrents (a session of thousands
/// would make a reply of megabytes on every poll of the page).
inline constexpr std::size_t kMaxListedTorrents = 1000;

}  // namespace corrent::stream_http
