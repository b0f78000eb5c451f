#pragma once
// The routing tables saved at shutdown and restored at start (issue 13), sans-I/O: the
// state as bencode bytes and back. Reading and writing the file is table_state_file.hpp.
//
// Format, one canonical bencoded dict (keys sorted):
//   "id"      20 bytes: the IPv4 node's id (absent: none saved)
//   "id6"     20 bytes: the IPv6 node's id (absent: none saved)
//   "nodes"   string of 26-byte compact node infos (id, IPv4 address, port; BEP 5)
//   "nodes6"  string of 38-byte compact node infos (id, IPv6 address, port; BEP 32)
//   "version" integer, kTableStateVersion
// As libtorrent's dht state ("node-id", "nodes", "nodes6", src/kademlia/dht_state.cpp),
// but with each node's id kept, so that a restored node is asked as that node.
//
// Decoding is strict and bounded: at most kMaxTableStateSize bytes, at most
// kMaxSavedNodes per family (more is refused, not cut: we never write more, so such a
// file is not ours), the version must be ours, every id 20 bytes, every node a whole
// compact entry with a port and an address that is not unspecified. Unknown keys are
// ignored. Each class of bad input has its own table_state_errc, with the byte offset.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compact.hpp"
#include "corrent/core/error.hpp"
#include "corrent/core/result.hpp"
#include "dht_limits.hpp"
#include "node_id.hpp"
#include "routing_table.hpp"

namespace corrent::dht {

/// The format version we write and the only one we read.
inline constexpr std::int64_t kTableStateVersion = 1;

/// Why a saved state was refused ("corrent.dht.state").
enum class table_state_errc {
  ok = 0,
  too_large,          ///< more than kMaxTableStateSize bytes
  bad_bencode,        ///< not valid bencode, bytes after it, or past the item bounds
  not_dict,           ///< the top level is not a dict
  missing_version,    ///< no "version"
  unknown_version,    ///< "version" other than kTableStateVersion
  wrong_type,         ///< a known key holding the wrong bencode type
  bad_node_id,        ///< "id" or "id6" not 20 bytes
  bad_nodes_length,   ///< "nodes"/"nodes6" not whole 26/38-byte entries
  too_many_nodes,     ///< more than kMaxSavedNodes entries in one family
  bad_port,           ///< a node with port 0
  bad_address,        ///< a node at the unspecified address (0.0.0.0 or ::)
};

std::string_view describe(table_state_errc e) noexcept;
constexpr const char* category_name(table_state_errc) noexcept { return "corrent.dht.state"; }
CORRENT_ERROR_ENUM(table_state_errc)

/// What is saved: per family, our id and nodes that answered us.
struct TableState {
  std::optional<NodeId> id;       ///< the IPv4 node's
  std::optional<NodeId> id6;      ///< the IPv6 node's
  std::vector<NodeEntry> nodes;   ///< IPv4 nodes, most recently heard first
  std::vector<NodeEntry> nodes6;  ///< IPv6 nodes, likewise
  friend bool operator==(const TableState&, const TableState&) = default;
};

/// The canonical bencoding of `state`. The caller keeps each list within kMaxSavedNodes
/// and of its family (nodes_to_save does); the encoder trusts it.
[[nodiscard]] std::string encode_table_state(const TableState& state);
/// Decodes a saved state; errors are table_state_errc values with a byte offset.
[[nodiscard]] ParseResult<TableState> decode_table_state(std::string_view bytes);

/// The nodes of `table` worth saving: live nodes that have answered a query of ours
/// (RoutingNode::confirmed) and failed none since, most recently active first, at most
/// `limit`. A node that never answered may be behind a NAT or spoofed, so it is not kept.
[[nodiscard]] std::vector<NodeEntry> nodes_to_save(const RoutingTable& table, std::size_t limit = kMaxSavedNodes);

}  // namespace corrent::dht

CORRENT_ERROR_ENUM_TRAIT(corrent::dht::table_state_errc);
