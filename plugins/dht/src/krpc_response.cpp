// The reply dict "r": the fields of every method's reply (BEP 5, 32, 44, 51).
#include <limits>

#include "dht_limits.hpp"
#include "krpc_fields.hpp"

namespace corrent::dht::krpc_detail {
namespace {

// "nodes" (v6 false) or "nodes6", appended to `out`.
ParseResult<void> nodes(const bencode::Node& r, bool v6, std::vector<NodeEntry>& out) {
  const std::string_view key = v6 ? "nodes6" : "nodes";
  CORRENT_TRY(const auto text, opt_string(r, key));
  if (!text) return {};
  const std::size_t offset = r.find(key)->offset();
  const std::size_t entry = v6 ? kCompactNodeV6Size : kCompactNodeV4Size;
  if (text->size() % entry != 0) return parse_fail(errc::bad_nodes_length, offset);
  if (text->size() / entry > kMaxNodesPerReply) return parse_fail(errc::too_many_nodes, offset);
  const auto parsed = parse_compact_nodes(*text, v6);
  out.insert(out.end(), parsed->begin(), parsed->end());
  return {};
}

ParseResult<std::vector<net::Endpoint>> values(const bencode::Node& r) {
  std::vector<net::Endpoint> out;
  const auto list = r.find("values");
  if (!list) return out;
  if (!list->is_list()) return parse_fail(errc::wrong_type, list->offset());
  if (list->size() > kMaxValuesPerReply) return parse_fail(errc::too_many_values, list->offset());
  for (const auto item : list->items()) {
    const auto text = item.as_string();
    const auto endpoint = text ? parse_compact_endpoint(*text) : std::nullopt;
    if (!endpoint) return parse_fail(errc::bad_value_entry, item.offset());
    out.push_back(*endpoint);
  }
  return out;
}

ParseResult<std::optional<std::vector<NodeId>>> samples(const bencode::Node& r) {
  CORRENT_TRY(const auto text, opt_string(r, "samples"));
  if (!text) return std::optional<std::vector<NodeId>>{};
  if (text->size() % kNodeIdSize != 0 || text->size() / kNodeIdSize > kMaxSamplesPerReply) {
    return parse_fail(errc::bad_samples, r.find("samples")->offset());
  }
  std::vector<NodeId> out;
  for (std::size_t at = 0; at < text->size(); at += kNodeIdSize) {
    out.push_back(*NodeId::from_bytes(text->substr(at, kNodeIdSize)));
  }
  return std::optional<std::vector<NodeId>>(std::move(out));
}

}  // namespace

ParseResult<Response> decode_response(const bencode::Node& r) {
  constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
  Response out;
  CORRENT_TRY(out.id, required_id(r, "id", errc::missing_node_id, errc::bad_node_id));
  CORRENT_TRY_VOID(nodes(r, false, out.nodes));
  CORRENT_TRY_VOID(nodes(r, true, out.nodes));
  CORRENT_TRY(out.values, values(r));
  CORRENT_TRY(out.token, opt_token(r));
  CORRENT_TRY(out.value, opt_item_value(r));
  CORRENT_TRY(out.key, opt_fixed<kPublicKeySize>(r, "k", errc::bad_public_key));
  CORRENT_TRY(out.signature, opt_fixed<kSignatureSize>(r, "sig", errc::bad_signature));
  CORRENT_TRY(out.seq, opt_int_in(r, "seq", 0, kInt64Max));
  CORRENT_TRY(out.samples, samples(r));
  CORRENT_TRY(out.interval, opt_int_in(r, "interval", 0, kMaxSampleInterval));
  CORRENT_TRY(out.num, opt_int_in(r, "num", 0, kInt64Max));
  return out;
}

}  // namespace corrent::dht::krpc_detail
