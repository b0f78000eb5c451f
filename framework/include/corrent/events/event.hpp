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

using Event = std::variant<PeerConnected, PeerClosed, BlockReceived>;

/// Whether an event may be dropped by a full stream (progress) or never (lifecycle).
enum class EventClass { lifecycle, progress };

/// The class of `event`.
[[nodiscard]] EventClass classify(const Event& event);

}  // namespace corrent::events
