#pragma once
// Deterministic test payloads for the uTP tests: the same seed gives the same bytes.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace utp_test {

template <class Byte = std::uint8_t>
std::vector<Byte> pattern(std::size_t size, std::uint32_t seed) {
  std::vector<Byte> out(size);
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& b : out) {
    x = x * 1664525u + 1013904223u;
    b = static_cast<Byte>(x >> 24);
  }
  return out;
}

}  // namespace utp_test
