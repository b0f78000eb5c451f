#pragma once
// The typed events of a session, delivered through the EventBus. Minimal for now (the
// engine issue adds torrent, piece, tracker and stats events). Each event is either a
// lifecycle/error event, never dropped, or a progress event, which a full EventStream may
// drop and count (see event_bus.hpp).

#include <cstdint>
#include <string>
#include <system_error>
#include <variant>

#include "corrent/core/peer_id.hpp"
#include "corrent/core/strong_types.hpp"
#include "corrent/engine/torrent_status.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/net/endpoint.hpp"

namespace corrent::events {

/// A peer completed the handshake (and the extension handshake, when both sides
/// support BEP 10 and it arrived first). Lifecycle.
struct PeerConnected {
  net::Endpoint endpoint;
  PeerId peer_id;
  std::string client;  ///< from the extension handshake's "v", else from the peer id
  bool incoming = false;
};

/// A peer connection ended. Lifecycle: carries the reason, for people debugging a swarm.
struct PeerClosed {
  net::Endpoint endpoint;
  std::error_code reason;  ///< what ended it (wire::errc, net::errc, asio's eof, ...)
  std::string detail;      ///< reason.message(), or more precise text
};

/// A block (part of a PIECE message) arrived from a peer. Progress.
struct BlockReceived {
  net::Endpoint endpoint;
  PieceIndex piece;
  std::uint32_t begin = 0;
  std::uint32_t length = 0;
};

// STAND-IN (worker "cli"): the engine's events as engine-plan.md names them; the lead's
// version replaces these at merge.

/// A torrent was added to the session. Lifecycle.
struct TorrentAdded {
  metainfo::InfoHash info_hash;
  std::string name;
};

/// The hash check on add is done. Lifecycle.
struct TorrentChecked {
  metainfo::InfoHash info_hash;
  std::uint32_t pieces_have = 0;
  std::uint32_t pieces_total = 0;
};

/// How far the hash check on add has got. Progress.
struct CheckProgress {
  std::uint32_t done = 0;
  std::uint32_t total = 0;
};

/// A piece passed its hash check and is on disk. Lifecycle.
struct PieceFinished {
  metainfo::InfoHash info_hash;
  PieceIndex piece;
};

/// A piece failed its hash check; it will be downloaded again. Lifecycle.
struct PieceFailed {
  metainfo::InfoHash info_hash;
  PieceIndex piece;
};

/// A peer was banned (e.g. it sent data that failed hash checks). Lifecycle.
struct PeerBanned {
  net::Endpoint endpoint;
  std::string why;
};

/// A tracker answered an announce, or failed to. Lifecycle.
struct TrackerReply {
  metainfo::InfoHash info_hash;
  std::string url;
  std::size_t peers = 0;
  std::string error;  ///< empty on success
};

/// A torrent failed (storage error, ...). Lifecycle.
struct TorrentError {
  metainfo::InfoHash info_hash;
  std::error_code error;
  std::string detail;
};

/// Every wanted piece of the torrent is verified on disk. Lifecycle.
struct TorrentFinished {
  metainfo::InfoHash info_hash;
};

/// A torrent's status, about once a second. Progress.
struct Stats {
  engine::TorrentStatus status;
};

using Event = std::variant<PeerConnected, PeerClosed, BlockReceived, TorrentAdded, TorrentChecked,
                           CheckProgress, PieceFinished, PieceFailed, PeerBanned, TrackerReply,
                           TorrentError, TorrentFinished, Stats>;

/// Whether an event may be dropped by a full stream (progress) or never (lifecycle).
enum class EventClass { lifecycle, progress };

/// The class of `event`.
[[nodiscard]] EventClass classify(const Event& event);

}  // namespace corrent::events
