#pragma once
// Every bound of the client API, with its source.

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace corrent::client {

/// Default ClientOptions::max_connections: WebTorrent's maxConns default (55).
inline constexpr std::size_t kDefaultMaxConnections = 55;
/// Default ClientOptions::max_torrent_file_bytes: metainfo's parse limit (10 MB,
/// metainfo::kDefaultMaxTorrentSize), so a fetched or read file is never bigger than
/// what parse_torrent would accept anyway.
inline constexpr std::size_t kDefaultMaxTorrentFileBytes = 10'000'000;
/// A .torrent URL must answer within this (ours: the HTTP client's total default, 30 s).
inline constexpr std::chrono::milliseconds kTorrentFetchTimeout{30 * 1000};
/// Redirects followed for a .torrent URL (ours: the HTTP client's default, 5).
inline constexpr std::uint32_t kTorrentFetchMaxRedirects = 5;
/// Largest blocklist file read (ours: a full eMule/P2P list is ~10-20 MB; 64 MiB leaves
/// room and still bounds memory).
inline constexpr std::uintmax_t kMaxBlocklistBytes = 64ull * 1024 * 1024;
/// Default FileReader timeout per read() (ours: long enough for a slow swarm to deliver
/// one piece with a deadline, short enough that a stalled read ends).
inline constexpr std::chrono::milliseconds kDefaultReadTimeout{60 * 1000};

/// Warnings kept per torrent, and client-wide, until take_warnings() (ours: enough to see
/// what is going wrong in a swarm; past it the oldest are dropped and counted, so a swarm
/// of dead addresses costs bounded memory).
inline constexpr std::size_t kMaxWarnings = 256;

}  // namespace corrent::client
