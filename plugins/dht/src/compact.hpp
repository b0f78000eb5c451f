#pragma once
// Compact node info (BEP 5: 20-byte id, 4-byte address, 2-byte port; BEP 32: the same with
// a 16-byte address) and compact peer/address info (6 or 18 bytes), network byte order.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/net/endpoint.hpp"
#include "node_id.hpp"

namespace corrent::dht {

/// A node as replies list it: its id and where it listens.
struct NodeEntry {
  NodeId id;
  net::Endpoint endpoint;
  friend bool operator==(const NodeEntry&, const NodeEntry&) = default;
};

/// The entries of a "nodes" (v6 false: 26 bytes each) or "nodes6" (38) string; nullopt
/// unless `text` holds whole entries.
[[nodiscard]] std::optional<std::vector<NodeEntry>> parse_compact_nodes(std::string_view text, bool v6);
/// Appends the compact form of `node` (26 or 38 bytes, by its address family).
void append_compact_node(std::string& out, const NodeEntry& node);

/// The endpoint of a 6- or 18-byte compact peer or address; nullopt for other sizes.
[[nodiscard]] std::optional<net::Endpoint> parse_compact_endpoint(std::string_view text);
/// The 6- or 18-byte compact form of `endpoint`.
[[nodiscard]] std::string compact_endpoint(const net::Endpoint& endpoint);

}  // namespace corrent::dht
