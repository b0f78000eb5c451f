#pragma once
// Replies as a gateway builds them, for the codec tests and the fake gateway: each from
// the request it answers, so that nonce, protocol and port echo it.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace corrent::nat_pmp::test {

using Bytes = std::vector<std::uint8_t>;

inline void put16(Bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}
inline void put32(Bytes& b, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}
inline std::uint16_t get16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
inline std::uint32_t get32(std::span<const std::uint8_t> b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

/// A PCP MAP response to `request` (60 bytes): R bit, `result`, `lifetime`, `epoch`, and
/// the request's nonce, protocol and internal port with `external_port` at ::ffff:`external`.
inline Bytes pcp_map_response(std::span<const std::uint8_t> request, std::uint8_t result, std::uint32_t lifetime,
                              std::uint32_t epoch, std::uint16_t external_port,
                              std::array<std::uint8_t, 4> external = {203, 0, 113, 7}) {
  Bytes out(60, 0);
  out[0] = 2;
  out[1] = 0x80 | 1;
  out[3] = result;
  put32(out, 4, lifetime);
  put32(out, 8, epoch);
  for (std::size_t i = 24; i < 24 + 12 + 4 + 2 && i < request.size(); ++i) out[i] = request[i];  // nonce, protocol, port
  out[24 + 12 + 1] = out[24 + 12 + 2] = out[24 + 12 + 3] = 0;  // reserved
  put16(out, 42, external_port);
  out[54] = out[55] = 0xff;
  for (std::size_t i = 0; i < 4; ++i) out[56 + i] = external[i];
  return out;
}

/// A NAT-PMP mapping reply to `request` (12 bytes in, 16 out).
inline Bytes natpmp_map_reply(std::span<const std::uint8_t> request, std::uint16_t result, std::uint32_t lifetime,
                              std::uint32_t epoch, std::uint16_t external_port) {
  Bytes out(16, 0);
  out[1] = static_cast<std::uint8_t>(128 + request[1]);
  put16(out, 2, result);
  put32(out, 4, epoch);
  out[8] = request[4];
  out[9] = request[5];
  put16(out, 10, external_port);
  put32(out, 12, lifetime);
  return out;
}

/// A NAT-PMP external-address reply (12 bytes).
inline Bytes natpmp_address_reply(std::uint16_t result, std::uint32_t epoch,
                                  std::array<std::uint8_t, 4> external = {203, 0, 113, 7}) {
  Bytes out(12, 0);
  out[1] = 128;
  put16(out, 2, result);
  put32(out, 4, epoch);
  for (std::size_t i = 0; i < 4; ++i) out[8 + i] = external[i];
  return out;
}

}  // namespace corrent::nat_pmp::test
