#include "corrent/wire/extension_handshake.hpp"

#include <algorithm>
#include <limits>

#include "corrent/bencode/decode.hpp"
#include "corrent/bencode/encode.hpp"

namespace corrent::wire {
namespace {

/// The "m" entries worth keeping: names of sane length with ids in 0..255.
ParseResult<std::vector<std::pair<std::string, std::uint8_t>>> read_m(const bencode::Node& m) {
  std::vector<std::pair<std::string, std::uint8_t>> out;
  if (!m.is_dict()) return out;  // wrong type: as if absent
  if (m.size() > kMaxExtensionNames) return parse_fail(errc::too_many_extensions, m.offset());
  for (const auto& [name, value] : m.entries()) {
    const auto id = value.as_int();
    if (!id || *id < 0 || *id > 255) continue;
    if (name.empty() || name.size() > kMaxExtensionNameLength) continue;
    out.emplace_back(std::string(name), static_cast<std::uint8_t>(*id));
  }
  // Peers do not always sort their keys; byte order makes m the same however it came.
  std::sort(out.begin(), out.end());
  return out;
}

/// The integer under `key` if it lies in [lo, hi].
std::optional<std::int64_t> int_in(const bencode::Node& dict, std::string_view key, std::int64_t lo,
                                   std::int64_t hi) {
  const auto v = dict.find_int(key);
  if (!v || *v < lo || *v > hi) return std::nullopt;
  return v;
}

void read_fields(const bencode::Node& root, ExtensionHandshake& h) {
  if (const auto p = int_in(root, "p", 1, std::numeric_limits<std::uint16_t>::max())) {
    h.listen_port = static_cast<std::uint16_t>(*p);
  }
  if (const auto v = root.find_string("v")) h.client = std::string(v->substr(0, kMaxClientNameLength));
  if (const auto q = int_in(root, "reqq", 1, std::numeric_limits<std::uint32_t>::max())) {
    h.reqq = static_cast<std::uint32_t>(*q);
  }
  if (const auto ip = root.find_string("yourip"); ip && (ip->size() == 4 || ip->size() == 16)) {
    h.yourip = std::string(*ip);
  }
  h.metadata_size = int_in(root, "metadata_size", 0, std::numeric_limits<std::int64_t>::max());
  if (const auto u = root.find_int("upload_only")) h.upload_only = *u != 0;
}

}  // namespace

std::optional<std::uint8_t> ExtensionHandshake::id_of(std::string_view name) const {
  for (const auto& [n, id] : m) {
    if (n == name) return id == 0 ? std::nullopt : std::optional<std::uint8_t>(id);
  }
  return std::nullopt;
}

ParseResult<ExtensionHandshake> decode_extension_handshake(std::span<const std::byte> payload) {
  if (payload.size() > kMaxExtensionHandshakeSize) {
    return parse_fail(errc::extension_handshake_too_large, kMaxExtensionHandshakeSize);
  }
  const std::string_view text(reinterpret_cast<const char*>(payload.data()), payload.size());
  bencode::DecodeOptions options;
  options.limits = {kExtensionHandshakeMaxDepth, kExtensionHandshakeMaxTokens};
  CORRENT_TRY(const bencode::Document doc, bencode::decode(text, options));
  const bencode::Node root = doc.root();
  if (!root.is_dict()) return parse_fail(errc::extension_handshake_not_dict, 0);

  ExtensionHandshake h;
  if (const auto m = root.find("m")) {
    CORRENT_TRY(h.m, read_m(*m));
  }
  read_fields(root, h);
  h.dict = bencode::to_value(root);
  return h;
}

std::string encode_extension_handshake(const ExtensionHandshake& h,
                                       const bencode::Value& extra_fields) {
  bencode::Value dict = bencode::Value::dict();
  if (extra_fields.is_dict()) {
    for (const auto& [key, value] : extra_fields.as_dict()) dict[key] = value;
  }
  bencode::Value m = bencode::Value::dict();
  for (const auto& [name, id] : h.m) m[name] = std::int64_t{id};
  dict["m"] = std::move(m);
  if (h.listen_port) dict["p"] = std::int64_t{*h.listen_port};
  if (!h.client.empty()) dict["v"] = h.client;
  if (h.reqq) dict["reqq"] = std::int64_t{*h.reqq};
  if (h.yourip) dict["yourip"] = *h.yourip;
  if (h.metadata_size) dict["metadata_size"] = *h.metadata_size;
  if (h.upload_only) dict["upload_only"] = std::int64_t{1};
  return bencode::encode(dict);
}

}  // namespace corrent::wire
