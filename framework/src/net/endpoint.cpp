#include "corrent/net/endpoint.hpp"

#include <algorithm>

#include <arpa/inet.h>

#include <asio/ip/address.hpp>

#include <charconv>
#include <functional>

#include "corrent/net/error.hpp"

namespace corrent::net {

namespace {

Result<std::uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  // from_chars accepts neither '+' nor '-', which is what we want.
  if (text.empty() || ec != std::errc{} || ptr != end || value > 65535) {
    return fail(errc::bad_port);
  }
  return static_cast<std::uint16_t>(value);
}

}  // namespace

Result<Endpoint> Endpoint::parse(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return fail(errc::bad_endpoint);
  std::string_view host = text.substr(0, colon);
  CORRENT_TRY(const std::uint16_t port, parse_port(text.substr(colon + 1)));

  const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (bracketed) host = host.substr(1, host.size() - 2);
  // inet_pton needs a NUL-terminated string; an address is at most 45 characters.
  if (host.empty() || host.size() > 45) return fail(errc::bad_address);
  const std::string address(host);
  if (bracketed) {
    V6Bytes bytes{};
    if (::inet_pton(AF_INET6, address.c_str(), bytes.data()) != 1) return fail(errc::bad_address);
    return Endpoint::v6(bytes, port);
  }
  // An unbracketed IPv6 address ("::1:80") is ambiguous, so it is refused here too.
  V4Bytes bytes{};
  if (::inet_pton(AF_INET, address.c_str(), bytes.data()) != 1) return fail(errc::bad_address);
  return Endpoint::v4(bytes, port);
}

bool is_loopback_host(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::error_code ec;
  const auto address = asio::ip::make_address(std::string(host), ec);
  return !ec && address.is_loopback();
}

std::optional<Endpoint> Endpoint::from_address_bytes(std::span<const std::uint8_t> address, std::uint16_t port) {
  if (address.size() == 4) return Endpoint::v4({address[0], address[1], address[2], address[3]}, port);
  if (address.size() != 16) return std::nullopt;
  V6Bytes bytes{};
  std::copy(address.begin(), address.end(), bytes.begin());
  return Endpoint::v6(bytes, port);
}

std::string Endpoint::address_string() const {
  char text[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(v6_ ? AF_INET6 : AF_INET, bytes_.data(), text, sizeof text);
  return text;
}

std::string Endpoint::to_string() const {
  const std::string port = std::to_string(port_);
  return v6_ ? "[" + address_string() + "]:" + port : address_string() + ":" + port;
}

}  // namespace corrent::net

std::size_t std::hash<corrent::net::Endpoint>::operator()(
    const corrent::net::Endpoint& e) const noexcept {
  // FNV-1a over the family, address and port: cheap and good enough for std containers.
  std::size_t h = 14695981039346656037ull;
  const auto mix = [&h](std::uint8_t b) { h = (h ^ b) * 1099511628211ull; };
  mix(e.is_v6() ? 6 : 4);
  for (const auto b : e.address_bytes()) mix(b);
  mix(static_cast<std::uint8_t>(e.port() >> 8));
  mix(static_cast<std::uint8_t>(e.port() & 0xff));
  return h;
}
