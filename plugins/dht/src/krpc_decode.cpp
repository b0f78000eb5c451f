// decode_krpc: the message envelope ("t", "y", "v", "ip", "ro") and the body by type.
#include "corrent/bencode/decode.hpp"
#include "dht_limits.hpp"
#include "krpc.hpp"
#include "krpc_fields.hpp"

namespace corrent::dht {
namespace {

using namespace krpc_detail;

ParseResult<bencode::Document> parse_bencode(std::string_view packet) {
  if (packet.size() > kMaxPacketSize) return parse_fail(errc::packet_too_large, kMaxPacketSize);
  bencode::DecodeOptions options;
  options.limits.max_depth = kMaxDepth;
  options.limits.max_tokens = kMaxTokens;
  auto doc = bencode::decode(packet, options);
  if (doc) return doc;
  const auto& error = doc.error();
  if (error.code == bencode::errc::depth_exceeded) return parse_fail(errc::too_deep, error.offset);
  if (error.code == bencode::errc::token_limit_exceeded) return parse_fail(errc::too_many_tokens, error.offset);
  return parse_fail(errc::bad_bencode, error.offset);
}

ParseResult<std::string> transaction_id(const bencode::Node& root) {
  const auto t = root.find("t");
  if (!t) return parse_fail(errc::missing_transaction_id, 0);
  const auto text = t->as_string();
  if (!text || text->empty() || text->size() > kMaxTransactionIdSize) {
    return parse_fail(errc::bad_transaction_id, t->offset());
  }
  return std::string(*text);
}

// The dict under `key` ("a", "r"): missing_body when absent, wrong_type when not a dict.
ParseResult<bencode::Node> body_dict(const bencode::Node& root, std::string_view key) {
  const auto node = root.find(key);
  if (!node) return parse_fail(errc::missing_body, 0);
  if (!node->is_dict()) return parse_fail(errc::wrong_type, node->offset());
  return *node;
}

ParseResult<Query> query(const bencode::Node& root) {
  const auto q = root.find("q");
  if (!q) return parse_fail(errc::missing_method, 0);
  const auto method = q->as_string();
  if (!method) return parse_fail(errc::wrong_type, q->offset());
  CORRENT_TRY(const auto a, body_dict(root, "a"));
  Query out;
  CORRENT_TRY(out.id, required_id(a, "id", errc::missing_node_id, errc::bad_node_id));
  CORRENT_TRY(out.arguments, decode_arguments(*method, a));
  return out;
}

ParseResult<ErrorReply> error_reply(const bencode::Node& root) {
  const auto e = root.find("e");
  if (!e) return parse_fail(errc::missing_body, 0);
  if (!e->is_list() || e->size() != 2) return parse_fail(errc::bad_error, e->offset());
  auto it = e->items().begin();
  const auto code = (*it).as_int();
  ++it;
  const auto message = (*it).as_string();
  if (!code || !message || message->size() > kMaxErrorMessageSize) return parse_fail(errc::bad_error, e->offset());
  return ErrorReply{*code, std::string(*message)};
}

// "v", "ip" and "ro", which any message may carry.
ParseResult<void> envelope_extras(const bencode::Node& root, Message& m) {
  CORRENT_TRY(const auto version, opt_string(root, "v"));
  if (version && version->size() > kMaxVersionSize) return parse_fail(errc::bad_version, root.find("v")->offset());
  if (version) m.version = std::string(*version);
  CORRENT_TRY(const auto ip, opt_string(root, "ip"));
  if (ip) {
    m.external_ip = parse_compact_endpoint(*ip);
    if (!m.external_ip) return parse_fail(errc::bad_address, root.find("ip")->offset());
  }
  CORRENT_TRY(const auto ro, opt_int(root, "ro"));
  m.read_only = ro.value_or(0) != 0;
  return {};
}

}  // namespace

ParseResult<Message> decode_krpc(std::string_view packet) {
  CORRENT_TRY(const auto doc, parse_bencode(packet));
  const bencode::Node root = doc.root();
  if (!root.is_dict()) return parse_fail(errc::not_dict, 0);
  Message m;
  CORRENT_TRY(m.transaction_id, transaction_id(root));
  const auto y = root.find("y");
  if (!y) return parse_fail(errc::missing_type, 0);
  const auto type = y->as_string();
  if (!type) return parse_fail(errc::wrong_type, y->offset());
  if (*type == "q") {
    CORRENT_TRY(m.body, query(root));
  } else if (*type == "r") {
    CORRENT_TRY(const auto r, body_dict(root, "r"));
    CORRENT_TRY(m.body, krpc_detail::decode_response(r));
  } else if (*type == "e") {
    CORRENT_TRY(m.body, error_reply(root));
  } else {
    return parse_fail(errc::unknown_type, y->offset());
  }
  CORRENT_TRY_VOID(envelope_extras(root, m));
  return m;
}

std::optional<std::string> query_transaction_id(std::string_view packet) {
  const auto doc = parse_bencode(packet);
  if (!doc || !doc->root().is_dict() || doc->root().find_string("y") != std::string_view("q")) return std::nullopt;
  auto t = transaction_id(doc->root());
  if (!t) return std::nullopt;
  return std::move(*t);
}

ParseResult<Message> decode_krpc(std::span<const std::byte> packet) {
  return decode_krpc(std::string_view(reinterpret_cast<const char*>(packet.data()), packet.size()));
}

}  // namespace corrent::dht
