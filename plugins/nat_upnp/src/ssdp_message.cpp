#include "ssdp_message.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "nat_upnp_errc.hpp"
#include "nat_upnp_limits.hpp"

namespace corrent::nat_upnp {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// RFC 9110 tchar: a header name is made of these (so "LOCATION http" is no name).
bool is_token(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// "HTTP/1.0 200 OK" or "HTTP/1.1 200 OK" (the reason phrase is not checked).
bool is_ok_status(std::string_view line) {
  if (line.size() < 12 || (line.substr(0, 9) != "HTTP/1.1 " && line.substr(0, 9) != "HTTP/1.0 ")) return false;
  return line.substr(9, 3) == "200" && (line.size() == 12 || line[12] == ' ');
}

// The IPv4 address of an IP literal host, or nullopt (names and IPv6 are refused: we
// compare the host with the sender's IPv4 address).
std::optional<net::Endpoint> ipv4_literal(const net::Url& url) {
  if (url.host_is_v6()) return std::nullopt;
  auto parsed = net::Endpoint::parse(url.host + ":1");
  if (!parsed || !parsed->is_v4()) return std::nullopt;
  return *parsed;
}

// The LOCATION, checked: http, an IPv4 literal, the sender's own address.
ParseResult<net::Url> check_location(std::string_view value, std::size_t offset, const net::Endpoint& sender) {
  auto url = net::parse_url(value);
  if (!url || url->scheme != "http") return parse_fail(errc::ssdp_bad_location, offset);
  const auto host = ipv4_literal(*url);
  if (!host) return parse_fail(errc::ssdp_bad_location, offset);
  if (!sender.is_v4() || !std::equal(host->address_bytes().begin(), host->address_bytes().end(),
                                     sender.address_bytes().begin())) {
    return parse_fail(errc::ssdp_foreign_location, offset);
  }
  return std::move(*url);
}

}  // namespace

std::string make_search(std::string_view search_target, std::string_view host) {
  std::string text = "M-SEARCH * HTTP/1.1\r\nHOST: ";
  text += host;
  text += "\r\nMAN: \"ssdp:discover\"\r\nMX: " + std::to_string(kSearchMx) + "\r\nST: ";
  text += search_target;
  text += "\r\n\r\n";
  return text;
}

ParseResult<SsdpReply> parse_ssdp_reply(std::string_view datagram, const net::Endpoint& sender) {
  if (datagram.size() > kMaxSsdpReplySize) return parse_fail(errc::ssdp_too_large, kMaxSsdpReplySize);
  std::size_t pos = 0;
  // The next line without its line ending; a last line without one counts too.
  const auto next_line = [&]() -> std::string_view {
    const auto lf = datagram.find('\n', pos);
    const auto end = lf == std::string_view::npos ? datagram.size() : lf;
    auto line = datagram.substr(pos, end - pos);
    pos = lf == std::string_view::npos ? datagram.size() : lf + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  };
  if (!is_ok_status(next_line())) return parse_fail(errc::ssdp_bad_status, 0);
  SsdpReply reply;
  std::optional<std::string_view> location;
  std::size_t location_at = 0;
  std::size_t headers = 0;
  while (pos < datagram.size()) {
    const std::size_t line_at = pos;
    const auto line = next_line();
    if (line.empty()) break;  // the end of the headers; a body is ignored
    if (++headers > kMaxSsdpHeaders) return parse_fail(errc::ssdp_too_many_headers, line_at);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(trim(line.substr(0, colon)))) {
      return parse_fail(errc::ssdp_bad_header, line_at);
    }
    const auto name = trim(line.substr(0, colon));
    const auto value = trim(line.substr(colon + 1));
    if (iequals(name, "LOCATION") && !location) {
      location = value;
      location_at = line_at;
    } else if (iequals(name, "ST")) {
      reply.st = std::string(value);
    } else if (iequals(name, "USN")) {
      reply.usn = std::string(value);
    }
  }
  if (!location) return parse_fail(errc::ssdp_no_location, datagram.size());
  auto url = check_location(*location, location_at, sender);
  if (!url) return tl::make_unexpected(url.error());
  reply.location = std::move(*url);
  return reply;
}

}  // namespace corrent::nat_upnp
