#pragma once
// The random values the sans-I/O layers take from their caller, drawn from libsodium
// (corrent::crypto::random_bytes).

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "corrent/crypto/random.hpp"
#include "node_id.hpp"
#include "token_issuer.hpp"

namespace corrent::dht {

template <std::size_t N>
[[nodiscard]] std::array<std::uint8_t, N> random_array() {
  std::array<std::byte, N> raw{};
  crypto::random_bytes(raw);
  std::array<std::uint8_t, N> out{};
  std::memcpy(out.data(), raw.data(), N);
  return out;
}

[[nodiscard]] inline std::uint64_t random_u64() {
  const auto bytes = random_array<8>();
  std::uint64_t value = 0;
  std::memcpy(&value, bytes.data(), sizeof value);
  return value;
}

[[nodiscard]] inline NodeId random_node_id() { return NodeId{random_array<20>()}; }
[[nodiscard]] inline TokenSecret random_secret() { return random_array<kTokenSecretSize>(); }

}  // namespace corrent::dht
