#include "table_state.hpp"

#include <algorithm>
#include <utility>

#include "corrent/bencode/decode.hpp"
#include "corrent/bencode/encode.hpp"
#include "corrent/bencode/value.hpp"

namespace corrent::dht {

std::string_view describe(table_state_errc e) noexcept {
  switch (e) {
    case table_state_errc::ok: return "no error";
    case table_state_errc::too_large: return "dht state: file too large";
    case table_state_errc::bad_bencode: return "dht state: not valid bencode";
    case table_state_errc::not_dict: return "dht state: not a dict";
    case table_state_errc::missing_version: return "dht state: no version";
    case table_state_errc::unknown_version: return "dht state: unknown version";
    case table_state_errc::wrong_type: return "dht state: a key holds the wrong type";
    case table_state_errc::bad_node_id: return "dht state: node id is not 20 bytes";
    case table_state_errc::bad_nodes_length: return "dht state: nodes are not whole 26- or 38-byte entries";
    case table_state_errc::too_many_nodes: return "dht state: too many nodes";
    case table_state_errc::bad_port: return "dht state: a node has port 0";
    case table_state_errc::bad_address: return "dht state: a node has the unspecified address";
  }
  return "dht state: unknown error";
}

namespace {

// Bencode bounds: one flat dict of five keys; unknown keys are ignored, but only a few.
constexpr std::size_t kStateMaxDepth = 2;
constexpr std::size_t kStateMaxTokens = 64;

std::string compact_list(const std::vector<NodeEntry>& nodes) {
  std::string out;
  for (const auto& node : nodes) append_compact_node(out, node);
  return out;
}

// An optional 20-byte id under `key`.
ParseResult<std::optional<NodeId>> read_id(const bencode::Node& root, std::string_view key) {
  const auto node = root.find(key);
  if (!node) return std::optional<NodeId>{};
  const auto text = node->as_string();
  if (!text) return parse_fail(table_state_errc::wrong_type, node->offset());
  const auto id = NodeId::from_bytes(*text);
  if (!id) return parse_fail(table_state_errc::bad_node_id, node->offset());
  return std::optional<NodeId>{*id};
}

// The compact nodes under `key` (absent: none), each checked.
ParseResult<std::vector<NodeEntry>> read_nodes(const bencode::Node& root, std::string_view key, bool v6) {
  const auto node = root.find(key);
  if (!node) return std::vector<NodeEntry>{};
  const auto text = node->as_string();
  if (!text) return parse_fail(table_state_errc::wrong_type, node->offset());
  const std::size_t entry = v6 ? kCompactNodeV6Size : kCompactNodeV4Size;
  if (text->size() % entry != 0) return parse_fail(table_state_errc::bad_nodes_length, node->offset());
  if (text->size() / entry > kMaxSavedNodes) return parse_fail(table_state_errc::too_many_nodes, node->offset());
  auto nodes = parse_compact_nodes(*text, v6);  // whole entries: checked above
  const std::size_t payload = node->offset() + (node->raw().size() - text->size());
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const auto& endpoint = (*nodes)[i].endpoint;
    if (endpoint.port() == 0) return parse_fail(table_state_errc::bad_port, payload + i * entry);
    if (endpoint.is_unspecified()) return parse_fail(table_state_errc::bad_address, payload + i * entry);
  }
  return std::move(*nodes);
}

}  // namespace

std::string encode_table_state(const TableState& state) {
  auto root = bencode::Value::dict();
  if (state.id) root["id"] = state.id->view();
  if (state.id6) root["id6"] = state.id6->view();
  if (!state.nodes.empty()) root["nodes"] = compact_list(state.nodes);
  if (!state.nodes6.empty()) root["nodes6"] = compact_list(state.nodes6);
  root["version"] = kTableStateVersion;
  return bencode::encode(root);
}

ParseResult<TableState> decode_table_state(std::string_view bytes) {
  if (bytes.size() > kMaxTableStateSize) return parse_fail(table_state_errc::too_large, kMaxTableStateSize);
  bencode::DecodeOptions options;
  options.limits.max_depth = kStateMaxDepth;
  options.limits.max_tokens = kStateMaxTokens;
  const auto doc = bencode::decode(bytes, options);
  if (!doc) return parse_fail(table_state_errc::bad_bencode, doc.error().offset);
  const auto root = doc->root();
  if (!root.is_dict()) return parse_fail(table_state_errc::not_dict, 0);
  const auto version = root.find("version");
  if (!version) return parse_fail(table_state_errc::missing_version, 0);
  if (!version->is_int()) return parse_fail(table_state_errc::wrong_type, version->offset());
  if (*version->as_int() != kTableStateVersion) {
    return parse_fail(table_state_errc::unknown_version, version->offset());
  }
  TableState state;
  CORRENT_TRY(state.id, read_id(root, "id"));
  CORRENT_TRY(state.id6, read_id(root, "id6"));
  CORRENT_TRY(state.nodes, read_nodes(root, "nodes", false));
  CORRENT_TRY(state.nodes6, read_nodes(root, "nodes6", true));
  return state;
}

std::vector<NodeEntry> nodes_to_save(const RoutingTable& table, std::size_t limit) {
  std::vector<const RoutingNode*> kept;
  for (std::size_t b = 0; b < table.bucket_count(); ++b) {
    for (const auto& node : table.live_nodes(b)) {
      if (node.confirmed && node.failed == 0) kept.push_back(&node);
    }
  }
  // Most recently active first: the likeliest to be there at the next start.
  std::stable_sort(kept.begin(), kept.end(),
                   [](const RoutingNode* a, const RoutingNode* b) { return a->last_active > b->last_active; });
  std::vector<NodeEntry> out;
  for (const auto* node : kept) {
    if (out.size() == limit) break;
    out.push_back(node->entry);
  }
  return out;
}

}  // namespace corrent::dht
