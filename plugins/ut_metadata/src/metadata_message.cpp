#include "metadata_message.hpp"

#include <limits>
#include <string>
#include <string_view>

#include "corrent/bencode/decode.hpp"
#include "corrent/bencode/encode.hpp"
#include "corrent/bencode/value.hpp"
#include "errc.hpp"

namespace corrent::ut_metadata {

namespace {

// The dict is three small integers: a handful of tokens and no nesting.
constexpr std::size_t kMaxMessageTokens = 32;
constexpr std::size_t kMaxMessageDepth = 2;

std::vector<std::byte> to_bytes(const std::string& s) {
  const auto* p = reinterpret_cast<const std::byte*>(s.data());
  return {p, p + s.size()};
}

std::vector<std::byte> encode_head(MessageType type, std::uint32_t piece, std::optional<std::uint64_t> total) {
  auto dict = bencode::Value::dict();
  dict["msg_type"] = static_cast<std::int64_t>(type);
  dict["piece"] = static_cast<std::int64_t>(piece);
  if (total) dict["total_size"] = static_cast<std::int64_t>(*total);
  return to_bytes(bencode::encode(dict));
}

}  // namespace

Result<MetadataMessage> decode_message(std::span<const std::byte> payload) {
  const std::string_view text(reinterpret_cast<const char*>(payload.data()), payload.size());
  bencode::DecodeOptions options;
  options.allow_trailing_data = true;
  options.limits.max_tokens = kMaxMessageTokens;
  options.limits.max_depth = kMaxMessageDepth;
  auto doc = bencode::decode(text, options);
  if (!doc) return fail(errc::bad_message);
  const auto root = doc->root();
  if (!root.is_dict()) return fail(errc::bad_message);
  const auto type = root.find_int("msg_type");
  const auto piece = root.find_int("piece");
  if (!type || !piece || *piece < 0 || *piece > std::numeric_limits<std::int32_t>::max()) {
    return fail(errc::bad_message);
  }
  MetadataMessage m;
  m.piece = static_cast<std::uint32_t>(*piece);
  const auto rest = payload.subspan(doc->consumed());
  switch (*type) {
    case 0: m.type = MessageType::request; break;
    case 1: m.type = MessageType::data; break;
    case 2: m.type = MessageType::reject; break;
    default: return m;  // unknown: ignored
  }
  if (m.type == MessageType::data) {
    m.total_size = root.find_int("total_size");
    if (!m.total_size) return fail(errc::bad_message);
    m.data = rest;
  } else if (!rest.empty()) {
    return fail(errc::bad_message);
  }
  return m;
}

std::vector<std::byte> encode_request(std::uint32_t piece) {
  return encode_head(MessageType::request, piece, std::nullopt);
}

std::vector<std::byte> encode_reject(std::uint32_t piece) {
  return encode_head(MessageType::reject, piece, std::nullopt);
}

std::vector<std::byte> encode_data(std::uint32_t piece, std::uint64_t total_size,
                                   std::span<const std::byte> data) {
  auto out = encode_head(MessageType::data, piece, total_size);
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

}  // namespace corrent::ut_metadata
