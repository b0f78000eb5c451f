#include "krpc_fields.hpp"

#include "corrent/bencode/encode.hpp"
#include "dht_limits.hpp"

namespace corrent::dht::krpc_detail {

ParseResult<std::optional<std::string_view>> opt_string(const bencode::Node& dict, std::string_view key) {
  const auto node = dict.find(key);
  if (!node) return std::optional<std::string_view>{};
  if (!node->is_string()) return parse_fail(errc::wrong_type, node->offset());
  return std::optional<std::string_view>(*node->as_string());
}

ParseResult<std::optional<std::int64_t>> opt_int(const bencode::Node& dict, std::string_view key) {
  const auto node = dict.find(key);
  if (!node) return std::optional<std::int64_t>{};
  if (!node->is_int()) return parse_fail(errc::wrong_type, node->offset());
  return std::optional<std::int64_t>(*node->as_int());
}

ParseResult<std::optional<std::int64_t>> opt_int_in(const bencode::Node& dict, std::string_view key,
                                                    std::int64_t low, std::int64_t high) {
  CORRENT_TRY(const auto value, opt_int(dict, key));
  if (value && (*value < low || *value > high)) return parse_fail(errc::bad_number, dict.find(key)->offset());
  return value;
}

ParseResult<NodeId> required_id(const bencode::Node& dict, std::string_view key, errc missing, errc bad) {
  CORRENT_TRY(const auto raw, opt_fixed<kNodeIdSize>(dict, key, bad));
  if (!raw) return parse_fail(missing, dict.offset());
  return NodeId{*raw};
}

ParseResult<std::optional<std::string>> opt_token(const bencode::Node& dict) {
  CORRENT_TRY(const auto text, opt_string(dict, "token"));
  if (!text) return std::optional<std::string>{};
  if (text->empty() || text->size() > kMaxTokenSize) return parse_fail(errc::bad_token, dict.find("token")->offset());
  return std::optional<std::string>(std::string(*text));
}

ParseResult<Want> want_field(const bencode::Node& dict) {
  Want want;
  const auto node = dict.find("want");
  if (!node) return want;
  if (!node->is_list()) return parse_fail(errc::wrong_type, node->offset());
  for (const auto item : node->items()) {
    const auto text = item.as_string();
    if (!text) return parse_fail(errc::wrong_type, item.offset());
    if (*text == "n4") want.v4 = true;
    if (*text == "n6") want.v6 = true;
  }
  return want;
}

ParseResult<std::optional<bencode::Value>> opt_item_value(const bencode::Node& dict) {
  const auto node = dict.find("v");
  if (!node) return std::optional<bencode::Value>{};
  if (node->raw().size() > kMaxItemValueSize) return parse_fail(errc::value_too_large, node->offset());
  // The item's hash (immutable) or signature (mutable) covers its bencoded bytes: a
  // non-canonical encoding would change them on the way through us.
  auto value = bencode::to_value(*node);
  if (bencode::encode(value) != node->raw()) return parse_fail(errc::non_canonical_value, node->offset());
  return std::optional<bencode::Value>(std::move(value));
}

}  // namespace corrent::dht::krpc_detail
