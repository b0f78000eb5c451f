#include "bootstrap_nodes.hpp"

#include <cctype>
#include <cstdint>
#include <optional>

#include "corrent/net/error.hpp"

namespace corrent::dht {
namespace {

// "host:port" with a host name (letters, digits, '.', '-') and a port 1..65535.
std::optional<HostPort> parse_host_port(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size() || text.size() - colon > 6) {
    return std::nullopt;
  }
  HostPort out{text.substr(0, colon), 0};
  for (const char c : out.host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return std::nullopt;
  }
  std::uint32_t port = 0;
  for (const char c : text.substr(colon + 1)) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    port = port * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (port == 0 || port > 65535) return std::nullopt;
  out.port = static_cast<std::uint16_t>(port);
  return out;
}

}  // namespace

Result<BootstrapNodes> parse_bootstrap_nodes(std::span<const std::string> texts) {
  BootstrapNodes out;
  for (const auto& text : texts) {
    if (const auto node = net::Endpoint::parse(text)) {
      if (node->port() == 0) return tl::make_unexpected(std::error_code(net::errc::bad_port));
      out.numeric.push_back(*node);
    } else if (auto named = parse_host_port(text)) {
      out.named.push_back(std::move(*named));
    } else {
      return tl::make_unexpected(node.error());
    }
  }
  return out;
}

}  // namespace corrent::dht
