#include "corrent/net/url.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "corrent/net/error.hpp"

namespace corrent::net {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Printable ASCII only: a space, control byte or non-ASCII byte is never part of a URL we
// send (it would allow header injection into the request line).
bool printable(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f;
  });
}

// The length of a valid "scheme:" prefix's scheme, or 0.
std::size_t scheme_length(std::string_view text) {
  if (text.empty() || !is_alpha(text[0])) return 0;
  std::size_t i = 1;
  while (i < text.size() && (is_alpha(text[i]) || is_digit(text[i]) || text[i] == '+' ||
                             text[i] == '-' || text[i] == '.')) {
    ++i;
  }
  return i < text.size() && text[i] == ':' ? i : 0;
}

bool valid_name(std::string_view host) {
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_';
  });
}

Result<std::uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || value == 0 || value > 65535) {
    return fail(errc::bad_port);
  }
  return static_cast<std::uint16_t>(value);
}

// Splits the authority into host and port, and checks them.
Result<void> parse_authority(std::string_view authority, Url& url) {
  if (authority.find('@') != std::string_view::npos) return fail(errc::bad_url);
  std::string_view host = authority;
  std::string_view port;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return fail(errc::bad_url);
    host = authority.substr(1, close - 1);
    const auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return fail(errc::bad_url);
      port = rest.substr(1);
      has_port = true;
    }
    std::array<unsigned char, 16> bytes{};
    if (host.size() > 45) return fail(errc::bad_url);
    const std::string text(host);
    if (::inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return fail(errc::bad_url);
  } else {
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      has_port = true;
    }
    if (!valid_name(host)) return fail(errc::bad_url);
  }
  url.host.resize(host.size());
  std::transform(host.begin(), host.end(), url.host.begin(), lower);
  if (has_port) {
    CORRENT_TRY(url.port, parse_port(port));
    url.explicit_port = true;
  } else {
    url.port = default_port(url.scheme).value_or(0);
  }
  return {};
}

std::string_view strip_fragment(std::string_view text) {
  return text.substr(0, std::min(text.find('#'), text.size()));
}

}  // namespace

std::optional<std::uint16_t> default_port(std::string_view scheme) {
  if (scheme == "http") return 80;
  if (scheme == "https") return 443;
  return std::nullopt;
}

std::string_view Url::path() const {
  const std::string_view t = target;
  return t.substr(0, std::min(t.find('?'), t.size()));
}

std::string_view Url::query() const {
  const std::string_view t = target;
  const auto q = t.find('?');
  return q == std::string_view::npos ? std::string_view{} : t.substr(q + 1);
}

std::string Url::authority() const {
  std::string out = host_is_v6() ? "[" + host + "]" : host;
  if (explicit_port && default_port(scheme) != port) out += ":" + std::to_string(port);
  return out;
}

std::string Url::to_string() const { return scheme + "://" + authority() + target; }

Result<Url> parse_url(std::string_view text) {
  if (text.size() > kMaxUrlLength || !printable(text)) return fail(errc::bad_url);
  text = strip_fragment(text);
  const std::size_t scheme_end = scheme_length(text);
  if (scheme_end == 0 || text.substr(scheme_end, 3) != "://") return fail(errc::bad_url);
  Url url;
  url.scheme.resize(scheme_end);
  std::transform(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(scheme_end),
                 url.scheme.begin(), lower);
  const std::string_view rest = text.substr(scheme_end + 3);
  const auto authority_end = std::min(rest.find_first_of("/?"), rest.size());
  CORRENT_TRY_VOID(parse_authority(rest.substr(0, authority_end), url));
  const std::string_view target = rest.substr(authority_end);
  if (target.empty() || target.front() == '?') {
    url.target = "/" + std::string(target);
  } else {
    url.target = std::string(target);
  }
  return url;
}

Result<Url> resolve_reference(const Url& base, std::string_view location) {
  if (location.size() > kMaxUrlLength || !printable(location) || location.empty()) {
    return fail(errc::bad_url);
  }
  location = strip_fragment(location);
  const std::size_t scheme_end = scheme_length(location);
  if (scheme_end != 0) return parse_url(location);
  if (location.substr(0, 2) == "//") return parse_url(base.scheme + ":" + std::string(location));
  Url out = base;
  if (location.front() == '/') {
    out.target = std::string(location);
  } else if (location.front() == '?') {
    out.target = std::string(base.path()) + std::string(location);
  } else {
    const std::string_view path = base.path();
    out.target = std::string(path.substr(0, path.rfind('/') + 1)) + std::string(location);
  }
  return out;
}

}  // namespace corrent::net
