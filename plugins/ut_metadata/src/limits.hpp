#pragma once
// ut_metadata's bounds (BEP 9; libtorrent src/ut_metadata.cpp for the figures it also uses).

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace corrent::ut_metadata {

/// Metadata travels in pieces of 16 KiB, the last one shorter (BEP 9).
inline constexpr std::uint32_t kMetadataPieceSize = 16 * 1024;
/// Peers of one torrent fetching the metadata at once. Each keeps its own copy (a liar's
/// pieces never mix with an honest peer's), allocated at its metadata_size: without this
/// bound, a swarm of peers announcing 30 MiB each would cost 30 MiB per connection. The
/// others wait, and take over when a fetcher is dropped.
inline constexpr std::size_t kMaxFetchingPeers = 3;
/// Requests outstanding at one peer: a few keep the link busy without flooding it
/// (libtorrent keeps up to 3 per peer).
inline constexpr std::size_t kMaxOutstandingRequests = 3;
/// Rejects we take from one peer before dropping it: a peer that rejects this often will
/// not serve us (libtorrent also gives up on a peer after repeated rejects).
inline constexpr std::uint32_t kMaxRejects = 4;
/// After a reject, the wait before asking that peer again.
inline constexpr std::chrono::milliseconds kRejectBackoff{1000};
/// A request unanswered for this long drops the peer.
inline constexpr std::chrono::seconds kRequestTimeout{30};
/// Requests we serve one peer: enough to fetch the metadata a few times over, so a peer
/// cannot turn us into a 16 KiB-per-message amplifier; past it we reject.
inline constexpr std::uint32_t kMaxServedPerPiece = 3;
/// How long fetch() waits between looks when nothing happens (bounds every wait).
inline constexpr std::chrono::milliseconds kIdleWait{1000};

}  // namespace corrent::ut_metadata
