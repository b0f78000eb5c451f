#include "pex_message.hpp"

#include <optional>
#include <string_view>

#include "corrent/bencode/decode.hpp"
#include "corrent/bencode/encode.hpp"
#include "corrent/bencode/value.hpp"
#include "pex_errc.hpp"
#include "pex_limits.hpp"

namespace corrent::pex {
namespace {

std::uint16_t port_at(std::string_view s, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<std::uint8_t>(s[at]) << 8) | static_cast<std::uint8_t>(s[at + 1]));
}

net::Endpoint endpoint_at(std::string_view s, std::size_t at, bool v6) {
  if (v6) {
    net::Endpoint::V6Bytes a{};
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<std::uint8_t>(s[at + i]);
    return net::Endpoint::v6(a, port_at(s, at + a.size()));
  }
  net::Endpoint::V4Bytes a{};
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<std::uint8_t>(s[at + i]);
  return net::Endpoint::v4(a, port_at(s, at + a.size()));
}

// One known key: absent is fine, anything but a string is not.
ParseResult<std::optional<std::string_view>> string_field(const bencode::Node& root, std::string_view key) {
  const auto node = root.find(key);
  if (!node) return std::optional<std::string_view>{};
  if (!node->is_string()) return parse_fail(errc::wrong_type, node->offset());
  return std::optional<std::string_view>(*node->as_string());
}

// A compact list of `key`, checked to hold whole entries. `offset` is where the value's
// bytes start in the payload (for errors).
ParseResult<std::vector<net::Endpoint>> peer_list(const bencode::Node& root, std::string_view key, bool v6) {
  CORRENT_TRY(const auto text, string_field(root, key));
  std::vector<net::Endpoint> out;
  if (!text) return out;
  const std::size_t size = v6 ? kCompactV6Size : kCompactV4Size;
  if (text->size() % size != 0) return parse_fail(errc::bad_compact_length, root.find(key)->offset());
  out.reserve(text->size() / size);
  for (std::size_t at = 0; at < text->size(); at += size) out.push_back(endpoint_at(*text, at, v6));
  return out;
}

// "added"/"added6" with their flags appended to `out`.
ParseResult<void> added_list(const bencode::Node& root, bool v6, std::vector<AddedPeer>& out) {
  const std::string_view key = v6 ? "added6" : "added";
  const std::string_view flags_key = v6 ? "added6.f" : "added.f";
  CORRENT_TRY(const auto peers, peer_list(root, key, v6));
  CORRENT_TRY(const auto flags, string_field(root, flags_key));
  if (flags && flags->size() != peers.size()) return parse_fail(errc::flags_mismatch, root.find(flags_key)->offset());
  for (std::size_t i = 0; i < peers.size(); ++i) {
    out.push_back({peers[i], flags ? static_cast<std::uint8_t>((*flags)[i]) : std::uint8_t{0}});
  }
  return {};
}

void append_compact(std::string& out, const net::Endpoint& e) {
  for (const auto b : e.address_bytes()) out.push_back(static_cast<char>(b));
  out.push_back(static_cast<char>(e.port() >> 8));
  out.push_back(static_cast<char>(e.port() & 0xff));
}

}  // namespace

ParseResult<PexMessage> decode_pex_message(std::span<const std::byte> payload) {
  if (payload.size() > kMaxPexMessageSize) return parse_fail(errc::message_too_large, kMaxPexMessageSize);
  const std::string_view text(reinterpret_cast<const char*>(payload.data()), payload.size());
  bencode::DecodeOptions options;
  options.limits.max_depth = kPexMaxDepth;
  options.limits.max_tokens = kPexMaxTokens;
  auto doc = bencode::decode(text, options);
  if (!doc) return parse_fail(errc::bad_bencode, doc.error().offset);
  const bencode::Node root = doc->root();
  if (!root.is_dict()) return parse_fail(errc::not_dict, 0);
  PexMessage m;
  CORRENT_TRY_VOID(added_list(root, false, m.added));
  CORRENT_TRY_VOID(added_list(root, true, m.added));
  CORRENT_TRY(m.dropped, peer_list(root, "dropped", false));
  CORRENT_TRY(const auto dropped6, peer_list(root, "dropped6", true));
  m.dropped.insert(m.dropped.end(), dropped6.begin(), dropped6.end());
  return m;
}

std::string encode_pex_message(const PexMessage& m) {
  std::string added, added_f, added6, added6_f, dropped, dropped6;
  for (const auto& p : m.added) {
    append_compact(p.endpoint.is_v6() ? added6 : added, p.endpoint);
    (p.endpoint.is_v6() ? added6_f : added_f).push_back(static_cast<char>(p.flags));
  }
  for (const auto& e : m.dropped) append_compact(e.is_v6() ? dropped6 : dropped, e);
  auto dict = bencode::Value::dict();
  dict["added"] = std::move(added);
  dict["added.f"] = std::move(added_f);
  dict["added6"] = std::move(added6);
  dict["added6.f"] = std::move(added6_f);
  dict["dropped"] = std::move(dropped);
  dict["dropped6"] = std::move(dropped6);
  return bencode::encode(dict);
}

}  // namespace corrent::pex
