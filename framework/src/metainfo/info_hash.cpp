#include "corrent/metainfo/info_hash.hpp"

#include "corrent/core/encoding.hpp"

namespace corrent::metainfo {

std::string InfoHash::hex() const { return to_hex(std::span<const std::uint8_t>(bytes)); }

std::string InfoHash::base32() const { return base32_encode(std::span<const std::uint8_t>(bytes)); }

std::optional<InfoHash> InfoHash::from_hex(std::string_view hex) {
  if (hex.size() != 40) return std::nullopt;
  auto raw = corrent::from_hex(hex);
  return raw ? from_bytes(*raw) : std::nullopt;
}

std::optional<InfoHash> InfoHash::from_base32(std::string_view text) {
  if (text.size() != 32) return std::nullopt;
  auto raw = base32_decode(text);
  return raw ? from_bytes(*raw) : std::nullopt;
}

}  // namespace corrent::metainfo
