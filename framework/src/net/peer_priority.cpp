#include "corrent/net/peer_priority.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>

#include "corrent/crypto/crc32c.hpp"

namespace corrent::net {
namespace {

using Bytes16 = std::array<std::uint8_t, 16>;

// The address as 16 bytes, IPv4 mapped into IPv6 (::ffff:a.b.c.d).
Bytes16 as_v6(const Endpoint& e) {
  Bytes16 out{};
  const auto a = e.address_bytes();
  if (e.is_v6()) {
    std::copy(a.begin(), a.end(), out.begin());
  } else {
    out[10] = out[11] = 0xFF;
    std::copy(a.begin(), a.end(), out.begin() + 12);
  }
  return out;
}

// How many leading bytes of `a` and `b` are equal.
std::size_t shared_prefix(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  std::size_t n = 0;
  while (n < a.size() && a[n] == b[n]) ++n;
  return n;
}

// Keeps `kept` leading bytes, masks the rest with 0x55.
void mask(std::span<std::uint8_t> bytes, std::size_t kept) {
  for (std::size_t i = kept; i < bytes.size(); ++i) bytes[i] &= 0x55;
}

// CRC-32C of the two halves, the smaller first.
std::uint32_t hash_sorted(std::span<std::uint8_t> x, std::span<std::uint8_t> y) {
  std::array<std::uint8_t, 32> buffer{};
  const bool swap = std::lexicographical_compare(y.begin(), y.end(), x.begin(), x.end());
  const auto first = swap ? y : x;
  const auto second = swap ? x : y;
  std::copy(first.begin(), first.end(), buffer.begin());
  std::copy(second.begin(), second.end(), buffer.begin() + static_cast<std::ptrdiff_t>(first.size()));
  return crypto::crc32c(std::span<const std::uint8_t>(buffer.data(), first.size() + second.size()));
}

}  // namespace

std::uint32_t canonical_peer_priority(const Endpoint& a, const Endpoint& b) {
  if (a.is_v4() == b.is_v4() && std::ranges::equal(a.address_bytes(), b.address_bytes())) {
    std::array<std::uint8_t, 2> pa{static_cast<std::uint8_t>(a.port() >> 8), static_cast<std::uint8_t>(a.port())};
    std::array<std::uint8_t, 2> pb{static_cast<std::uint8_t>(b.port() >> 8), static_cast<std::uint8_t>(b.port())};
    return hash_sorted(pa, pb);
  }
  if (a.is_v4() && b.is_v4()) {
    std::array<std::uint8_t, 4> x{}, y{};
    std::ranges::copy(a.address_bytes(), x.begin());
    std::ranges::copy(b.address_bytes(), y.begin());
    // Whole bytes kept: 2 (different /16), 3 (same /16), 4 (same /24).
    const std::size_t kept = std::min<std::size_t>(4, std::max<std::size_t>(2, shared_prefix(x, y) + 1));
    mask(x, kept);
    mask(y, kept);
    return hash_sorted(x, y);
  }
  auto x = as_v6(a);
  auto y = as_v6(b);
  // 6 bytes (a different /48), one more per byte shared beyond the fifth.
  const std::size_t kept = std::min<std::size_t>(16, std::max<std::size_t>(6, shared_prefix(x, y) + 1));
  mask(x, kept);
  mask(y, kept);
  return hash_sorted(x, y);
}

}  // namespace corrent::net
