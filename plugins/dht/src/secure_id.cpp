#include "secure_id.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "corrent/crypto/crc32c.hpp"

namespace corrent::dht {
namespace {

constexpr std::array<std::uint8_t, 4> kV4Mask{0x03, 0x0f, 0x3f, 0xff};
constexpr std::array<std::uint8_t, 8> kV6Mask{0x01, 0x03, 0x07, 0x0f, 0x1f, 0x3f, 0x7f, 0xff};

// Bytes 0..9 zero, 10..11 0xff: the IPv4-mapped prefix ::ffff:0:0/96.
bool is_v4_mapped(std::span<const std::uint8_t> a) {
  for (std::size_t i = 0; i < 10; ++i) {
    if (a[i] != 0) return false;
  }
  return a[10] == 0xff && a[11] == 0xff;
}

bool is_exempt_v4(std::span<const std::uint8_t> a) {
  return a[0] == 10 || a[0] == 127 || (a[0] == 172 && (a[1] & 0xf0) == 16) ||
         (a[0] == 192 && a[1] == 168) || (a[0] == 169 && a[1] == 254);
}

bool is_exempt_v6(std::span<const std::uint8_t> a) {
  bool loopback = a[15] == 1;
  for (std::size_t i = 0; i < 15 && loopback; ++i) loopback = a[i] == 0;
  return loopback || (a[0] & 0xfe) == 0xfc || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80);
}

// The CRC-32C of the masked address with the 3 random bits `r` on top.
std::uint32_t address_crc(const net::Endpoint& address, std::uint8_t r) {
  auto bytes = address.address_bytes();
  if (address.is_v6() && is_v4_mapped(bytes)) bytes = bytes.subspan(12);
  std::array<std::uint8_t, 8> masked{};
  const std::span<const std::uint8_t> mask =
      bytes.size() == 4 ? std::span<const std::uint8_t>(kV4Mask) : std::span<const std::uint8_t>(kV6Mask);
  for (std::size_t i = 0; i < mask.size(); ++i) masked[i] = bytes[i] & mask[i];
  masked[0] |= static_cast<std::uint8_t>((r & 0x07) << 5);
  return crypto::crc32c(std::span<const std::uint8_t>(masked.data(), mask.size()));
}

}  // namespace

bool is_bep42_exempt(const net::Endpoint& address) noexcept {
  const auto bytes = address.address_bytes();
  if (address.is_v4()) return is_exempt_v4(bytes);
  if (is_v4_mapped(bytes)) return is_exempt_v4(bytes.subspan(12));
  return is_exempt_v6(bytes);
}

NodeId secure_node_id(const net::Endpoint& external_address, const NodeId& random) noexcept {
  NodeId id = random;
  const std::uint32_t crc = address_crc(external_address, random.bytes[19]);
  id.bytes[0] = static_cast<std::uint8_t>(crc >> 24);
  id.bytes[1] = static_cast<std::uint8_t>(crc >> 16);
  id.bytes[2] = static_cast<std::uint8_t>(((crc >> 8) & 0xf8) | (random.bytes[2] & 0x07));
  return id;
}

bool is_secure_node_id(const NodeId& id, const net::Endpoint& address) noexcept {
  if (is_bep42_exempt(address)) return true;
  const std::uint32_t crc = address_crc(address, id.bytes[19]);
  return id.bytes[0] == static_cast<std::uint8_t>(crc >> 24) &&
         id.bytes[1] == static_cast<std::uint8_t>(crc >> 16) &&
         (id.bytes[2] & 0xf8) == ((crc >> 8) & 0xf8);
}

}  // namespace corrent::dht
