#pragma once
// A peer's address: IPv4 or IPv6 bytes and a port. Sans-I/O (no Asio here), so codecs,
// parsers and tests can build and compare endpoints without a socket; the conversions to
// Asio's endpoint types live in net/asio_endpoint.hpp.

#include <algorithm>
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "corrent/core/result.hpp"

namespace corrent::net {

/// An IPv4 or IPv6 address with a port. Ordered (IPv4 before IPv6, then bytes, then
/// port) and hashable (std::hash and AbslHashValue), so it can key maps of peers.
class Endpoint {
 public:
  using V4Bytes = std::array<std::uint8_t, 4>;
  using V6Bytes = std::array<std::uint8_t, 16>;

  /// 0.0.0.0:0, "any IPv4 address, any port".
  constexpr Endpoint() = default;

  static constexpr Endpoint v4(V4Bytes address, std::uint16_t port) {
    Endpoint e;
    for (std::size_t i = 0; i < address.size(); ++i) e.bytes_[i] = address[i];
    e.port_ = port;
    return e;
  }
  static constexpr Endpoint v6(V6Bytes address, std::uint16_t port) {
    Endpoint e;
    e.v6_ = true;
    e.bytes_ = address;
    e.port_ = port;
    return e;
  }

  /// The address of address_bytes() (4 bytes IPv4, 16 IPv6: a tracker's "external ip",
  /// BEP 10 "yourip") with `port`; nullopt for any other size.
  static std::optional<Endpoint> from_address_bytes(std::span<const std::uint8_t> address, std::uint16_t port = 0);

  /// Parses "1.2.3.4:6881" or "[::1]:6881" (the brackets are required for IPv6).
  static Result<Endpoint> parse(std::string_view text);

  [[nodiscard]] constexpr bool is_v4() const { return !v6_; }
  [[nodiscard]] constexpr bool is_v6() const { return v6_; }
  [[nodiscard]] constexpr std::uint16_t port() const { return port_; }
  /// The same address with another port.
  [[nodiscard]] constexpr Endpoint with_port(std::uint16_t port) const {
    Endpoint e = *this;
    e.port_ = port;
    return e;
  }

  /// The address in network order: 4 bytes for IPv4, 16 for IPv6.
  [[nodiscard]] std::span<const std::uint8_t> address_bytes() const {
    return {bytes_.data(), v6_ ? std::size_t{16} : std::size_t{4}};
  }
  /// Whether the address is 0.0.0.0 or ::, where no real peer or node is.
  [[nodiscard]] bool is_unspecified() const {
    const auto bytes = address_bytes();
    return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
  }

  /// The address alone: "1.2.3.4" or "::1" (no brackets).
  [[nodiscard]] std::string address_string() const;
  /// The form parse() reads: "1.2.3.4:6881" or "[::1]:6881".
  [[nodiscard]] std::string to_string() const;

  friend constexpr auto operator<=>(const Endpoint&, const Endpoint&) = default;

  template <class H>
  friend H AbslHashValue(H h, const Endpoint& e) {
    return H::combine(std::move(h), e.v6_, e.bytes_, e.port_);
  }

 private:
  // Field order is the comparison order.
  bool v6_ = false;
  V6Bytes bytes_{};  // an IPv4 address uses the first 4 bytes; the rest stay 0
  std::uint16_t port_ = 0;
};

/// Whether `host`, an address literal ("127.0.0.1", "[::1]" or "::1"), is a loopback
/// address; false for names and anything else. A port bound there is reachable from this
/// host alone (no gateway can forward to it, so nothing is mapped for it).
[[nodiscard]] bool is_loopback_host(std::string_view host);

}  // namespace corrent::net

template <>
struct std::hash<corrent::net::Endpoint> {
  std::size_t operator()(const corrent::net::Endpoint& e) const noexcept;
};
