#pragma once
// Helpers of the ut_pex tests: endpoints, byte views, and the compact encodings written
// out by hand (so the codec is checked against bytes, not against itself).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "corrent/net/endpoint.hpp"

namespace pex_test {

inline corrent::net::Endpoint v4(std::uint8_t last, std::uint16_t port) {
  return corrent::net::Endpoint::v4({10, 0, 0, last}, port);
}

inline corrent::net::Endpoint v6(std::uint8_t last, std::uint16_t port) {
  corrent::net::Endpoint::V6Bytes a{};
  a[0] = 0x20;
  a[1] = 0x01;
  a[15] = last;
  return corrent::net::Endpoint::v6(a, port);
}

inline std::span<const std::byte> bytes(std::string_view s) {
  return std::as_bytes(std::span(s.data(), s.size()));
}

/// "<len>:<s>", a bencoded string of raw bytes.
inline std::string bstr(std::string_view s) { return std::to_string(s.size()) + ":" + std::string(s); }

/// 6 compact bytes of 10.0.0.last:port.
inline std::string compact4(std::uint8_t last, std::uint16_t port) {
  return std::string{'\x0a', '\0', '\0', static_cast<char>(last), static_cast<char>(port >> 8),
                     static_cast<char>(port & 0xff)};
}

}  // namespace pex_test
