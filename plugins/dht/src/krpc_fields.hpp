#pragma once
// Readers of the typed fields of a KRPC dict, shared by the decoders of queries
// (krpc_query.cpp), replies (krpc_response.cpp) and whole messages (krpc_decode.cpp).
// Each returns nullopt for an absent key and a ParseError (dht::errc, offset) for a key
// of the wrong type or size. Private to the plugin.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "corrent/bencode/node.hpp"
#include "corrent/bencode/value.hpp"
#include "corrent/core/result.hpp"
#include "dht_errc.hpp"
#include "krpc_message.hpp"
#include "node_id.hpp"

namespace corrent::dht::krpc_detail {

/// A string under `key`; wrong_type if it is something else.
ParseResult<std::optional<std::string_view>> opt_string(const bencode::Node& dict, std::string_view key);
/// An integer under `key`; wrong_type if it is something else.
ParseResult<std::optional<std::int64_t>> opt_int(const bencode::Node& dict, std::string_view key);
/// An integer under `key` within [low, high]; bad_number outside.
ParseResult<std::optional<std::int64_t>> opt_int_in(const bencode::Node& dict, std::string_view key,
                                                    std::int64_t low, std::int64_t high);

/// A string of exactly N bytes under `key`; `bad` if another size.
template <std::size_t N>
ParseResult<std::optional<std::array<std::uint8_t, N>>> opt_fixed(const bencode::Node& dict, std::string_view key,
                                                                  errc bad) {
  CORRENT_TRY(const auto text, opt_string(dict, key));
  if (!text) return std::optional<std::array<std::uint8_t, N>>{};
  if (text->size() != N) return parse_fail(bad, dict.find(key)->offset());
  std::array<std::uint8_t, N> out{};
  std::memcpy(out.data(), text->data(), N);
  return std::optional<std::array<std::uint8_t, N>>(out);
}

/// The 20-byte id, target or info-hash under `key`; `missing` when absent, `bad` when
/// not 20 bytes.
ParseResult<NodeId> required_id(const bencode::Node& dict, std::string_view key, errc missing, errc bad);

/// A write token: 1..kMaxTokenSize bytes.
ParseResult<std::optional<std::string>> opt_token(const bencode::Node& dict);
/// BEP 32 "want": a list of strings; "n4" and "n6" are read, others ignored.
ParseResult<Want> want_field(const bencode::Node& dict);
/// BEP 44 "v": any item, canonical, at most kMaxItemValueSize bytes.
ParseResult<std::optional<bencode::Value>> opt_item_value(const bencode::Node& dict);

/// The arguments "a" of a query whose method is `method`.
ParseResult<QueryArguments> decode_arguments(std::string_view method, const bencode::Node& a);
/// The reply dict "r".
ParseResult<Response> decode_response(const bencode::Node& r);

}  // namespace corrent::dht::krpc_detail
