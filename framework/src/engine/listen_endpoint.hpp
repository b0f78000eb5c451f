#pragma once
// Where a connected peer accepts connections (PEX, redialling).

#include <optional>

#include "corrent/net/endpoint.hpp"
#include "corrent/wire/peer_connection.hpp"

namespace corrent::engine {

/// The remote end of an outgoing connection, or an incoming one's address with the "p" of
/// its extension handshake; nullopt for an incoming peer that gave no port.
inline std::optional<net::Endpoint> listen_endpoint_of(const wire::PeerConnection& conn) {
  if (!conn.incoming()) return conn.remote();
  const auto& ext = conn.peer_extensions();
  if (!ext || !ext->listen_port || *ext->listen_port == 0) return std::nullopt;
  return conn.remote().with_port(*ext->listen_port);
}

}  // namespace corrent::engine
