#pragma once
// PeerAddress: a peer's endpoint and, when something said so, the transport that reaches
// it. A tracker gives bare endpoints (any transport); BEP 11's PEX flag 0x04 says "utp".
// The session dials the named transport first, then the others in its preference order
// (SessionSettings::transports), and remembers per peer the one that worked.

#include <span>
#include <string>
#include <vector>

#include "corrent/net/endpoint.hpp"

namespace corrent::net {

struct PeerAddress {
  Endpoint endpoint;
  /// A Transport's scheme ("tcp", "utp"), or empty: not known, try the preference order.
  std::string transport;

  friend bool operator==(const PeerAddress&, const PeerAddress&) = default;
};

/// `endpoints` as PeerAddresses of no known transport.
[[nodiscard]] std::vector<PeerAddress> any_transport(std::span<const Endpoint> endpoints);

}  // namespace corrent::net
