#include "node_id.hpp"

#include <bit>

#include "corrent/core/encoding.hpp"

namespace corrent::dht {

std::string NodeId::hex() const { return to_hex(bytes); }

std::optional<NodeId> NodeId::from_hex(std::string_view hex) {
  if (hex.size() != 2 * NodeId{}.bytes.size()) return std::nullopt;
  const auto raw = corrent::from_hex(hex);
  if (!raw) return std::nullopt;
  return from_bytes(*raw);
}

NodeId distance(const NodeId& a, const NodeId& b) noexcept {
  NodeId out;
  for (std::size_t i = 0; i < out.bytes.size(); ++i) out.bytes[i] = a.bytes[i] ^ b.bytes[i];
  return out;
}

std::size_t common_prefix_bits(const NodeId& a, const NodeId& b) noexcept {
  for (std::size_t i = 0; i < a.bytes.size(); ++i) {
    const auto x = static_cast<std::uint8_t>(a.bytes[i] ^ b.bytes[i]);
    if (x != 0) return i * 8 + static_cast<std::size_t>(std::countl_zero(x));
  }
  return a.bytes.size() * 8;
}

bool closer_to(const NodeId& target, const NodeId& a, const NodeId& b) noexcept {
  // Compare a^t and b^t byte by byte, stopping at the first difference: no temporaries.
  for (std::size_t i = 0; i < target.bytes.size(); ++i) {
    const auto da = static_cast<std::uint8_t>(a.bytes[i] ^ target.bytes[i]);
    const auto db = static_cast<std::uint8_t>(b.bytes[i] ^ target.bytes[i]);
    if (da != db) return da < db;
  }
  return false;
}

}  // namespace corrent::dht
