#pragma once
// Helpers for the MSE tests: hex to bytes, fixed keys, a two-sided sans-I/O exchange.

#include <array>
#include <cstddef>
#include <string>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "corrent/mse/handshake.hpp"
#include "corrent/mse/keys.hpp"

namespace mse_test {

inline std::vector<std::byte> unhex(std::string_view hex) {
  std::vector<std::byte> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(std::byte(static_cast<unsigned char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16))));
  }
  return out;
}

inline std::string hex(std::span<const std::byte> b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (auto x : b) {
    out += kDigits[std::to_integer<unsigned>(x) >> 4];
    out += kDigits[std::to_integer<unsigned>(x) & 15];
  }
  return out;
}

template <std::size_t N>
std::array<std::byte, N> sequence(unsigned first) {
  std::array<std::byte, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = std::byte(static_cast<unsigned char>(first + i));
  return out;
}

inline corrent::metainfo::InfoHash info_hash(unsigned char fill = 0x5A) {
  corrent::metainfo::InfoHash ih;
  ih.bytes.fill(fill);
  return ih;
}

inline corrent::mse::HandshakeOptions options(unsigned key_seed, std::size_t key_pad, std::size_t crypto_pad) {
  corrent::mse::HandshakeOptions o;
  o.private_key = sequence<corrent::mse::kPrivateKeyLength>(key_seed);
  o.key_pad_length = key_pad;
  o.crypto_pad_length = crypto_pad;
  return o;
}

/// A receiver's lookup that knows one torrent.
inline corrent::mse::Receiver::Lookup lookup_for(corrent::metainfo::InfoHash ih) {
  return [ih](const corrent::crypto::Sha1Digest& req2) -> std::optional<corrent::metainfo::InfoHash> {
    if (corrent::mse::req2_hash(ih) == req2) return ih;
    return std::nullopt;
  };
}

}  // namespace mse_test
