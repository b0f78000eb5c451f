#pragma once
// The Host header check against DNS rebinding (CVE-2018-5702's class: a page on an
// attacker's name that resolves to 127.0.0.1 drives a local API). A browser always sends
// the name it resolved, so a request is served only when Host names this server: its own
// address, localhost, 127.0.0.1, [::1], or a name the configuration allows; with our port
// or none. Anything else is 421 (Transmission answers the same).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/net/endpoint.hpp"

namespace corrent::stream_http {

class HostCheck {
 public:
  /// The server listens at `bound`; `extra` are more names (any case) to accept.
  HostCheck(const net::Endpoint& bound, const std::vector<std::string>& extra);

  /// Whether a request whose Host header is `host` (nullopt: none, HTTP/1.0) may be served.
  /// A request without Host comes from no browser, so it is allowed.
  [[nodiscard]] bool allows(std::optional<std::string_view> host) const;

 private:
  std::vector<std::string> names_;  // lower-case, IPv6 in brackets
  std::uint16_t port_;
};

}  // namespace corrent::stream_http
