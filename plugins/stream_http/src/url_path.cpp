#include "url_path.hpp"


#include "corrent/core/encoding.hpp"

namespace corrent::stream_http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// percent_decode, and '+' as a space for application/x-www-form-urlencoded queries
// (a literal '+' arrives as %2B and stays one).
std::optional<std::string> decode(std::string_view s, bool allow_slash, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (s.size() - i < 3) return std::nullopt;  // a '%' needs two hex digits after it
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      if (c == '/' && !allow_slash) return std::nullopt;
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

}  // namespace

Target split_target(std::string_view target) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return {target, {}};
  return {target.substr(0, q), target.substr(q + 1)};
}

std::optional<std::string> percent_decode(std::string_view s, bool allow_slash) {
  return decode(s, allow_slash, false);
}

std::string percent_encode_path(std::string_view path) {
  // Each element as a query value is (RFC 3986 unreserved kept), the '/'s between kept.
  std::string out;
  out.reserve(path.size());
  while (true) {
    const auto slash = path.find('/');
    out += percent_encode(path.substr(0, slash));
    if (slash == std::string_view::npos) return out;
    out.push_back('/');
    path.remove_prefix(slash + 1);
  }
}

std::optional<std::string> query_param(std::string_view query, std::string_view name) {
  while (true) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    const auto key = decode(pair.substr(0, eq), true, true);
    if (key && *key == name) {
      if (eq == std::string_view::npos) return std::string();
      return decode(pair.substr(eq + 1), true, true);
    }
    if (amp == std::string_view::npos) return std::nullopt;
    query.remove_prefix(amp + 1);
  }
}

}  // namespace corrent::stream_http
