#include "compact.hpp"

#include <cstdint>
#include <span>

#include "dht_limits.hpp"

namespace corrent::dht {

std::optional<net::Endpoint> parse_compact_endpoint(std::string_view text) {
  if (text.size() != kCompactPeerV4Size && text.size() != kCompactPeerV6Size) return std::nullopt;
  const auto* raw = reinterpret_cast<const std::uint8_t*>(text.data());
  const std::size_t address_size = text.size() - 2;
  const auto port = static_cast<std::uint16_t>((raw[address_size] << 8) | raw[address_size + 1]);
  return net::Endpoint::from_address_bytes(std::span<const std::uint8_t>(raw, address_size), port);
}

std::string compact_endpoint(const net::Endpoint& endpoint) {
  std::string out;
  for (const auto b : endpoint.address_bytes()) out.push_back(static_cast<char>(b));
  out.push_back(static_cast<char>(endpoint.port() >> 8));
  out.push_back(static_cast<char>(endpoint.port() & 0xff));
  return out;
}

std::optional<std::vector<NodeEntry>> parse_compact_nodes(std::string_view text, bool v6) {
  const std::size_t size = v6 ? kCompactNodeV6Size : kCompactNodeV4Size;
  if (text.size() % size != 0) return std::nullopt;
  std::vector<NodeEntry> out;
  out.reserve(text.size() / size);
  for (std::size_t at = 0; at < text.size(); at += size) {
    const auto id = NodeId::from_bytes(text.substr(at, kNodeIdSize));
    const auto endpoint = parse_compact_endpoint(text.substr(at + kNodeIdSize, size - kNodeIdSize));
    out.push_back({*id, *endpoint});  // both sizes are exact by construction
  }
  return out;
}

void append_compact_node(std::string& out, const NodeEntry& node) {
  out.append(node.id.view());
  out.append(compact_endpoint(node.endpoint));
}

}  // namespace corrent::dht
