#include "host_check.hpp"

#include <algorithm>
#include <charconv>

namespace corrent::stream_http {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  return out;
}

}  // namespace

HostCheck::HostCheck(const net::Endpoint& bound, const std::vector<std::string>& extra) : port_(bound.port()) {
  names_ = {"localhost", "127.0.0.1", "[::1]"};
  if (!bound.is_unspecified()) {
    names_.push_back(bound.is_v6() ? "[" + bound.address_string() + "]" : bound.address_string());
  }
  for (const auto& name : extra) names_.push_back(lower(name));
}

bool HostCheck::allows(std::optional<std::string_view> host) const {
  if (!host) return true;
  std::string_view name = *host;
  // The port, if any, follows the last ':' after a closing bracket (IPv6) or the only ':'.
  const auto bracket = name.rfind(']');
  const auto colon = name.rfind(':');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    const auto digits = name.substr(colon + 1);
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc{} || end != digits.data() + digits.size() || port != port_) return false;
    name = name.substr(0, colon);
  }
  const std::string wanted = lower(name);
  return std::find(names_.begin(), names_.end(), wanted) != names_.end();
}

}  // namespace corrent::stream_http
