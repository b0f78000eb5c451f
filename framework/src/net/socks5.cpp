// SOCKS5 (RFC 1928, RFC 1929): the proxy URL, the codec and the client handshakes.
#include "corrent/net/socks5.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "corrent/net/timeout.hpp"

namespace corrent::net {

std::string_view describe(socks5_errc e) noexcept {
  switch (e) {
    case socks5_errc::ok: return "ok";
    case socks5_errc::bad_proxy_url: return "not a proxy URL (expected socks5://[user:pass@]host:port)";
    case socks5_errc::bad_version: return "the proxy's reply has the wrong version (not a SOCKS5 proxy?)";
    case socks5_errc::no_acceptable_method: return "the proxy accepts none of our authentication methods";
    case socks5_errc::auth_failed: return "the proxy refused the user name and password";
    case socks5_errc::general_failure: return "SOCKS5: general server failure";
    case socks5_errc::not_allowed: return "SOCKS5: connection not allowed by ruleset";
    case socks5_errc::network_unreachable: return "SOCKS5: network unreachable";
    case socks5_errc::host_unreachable: return "SOCKS5: host unreachable";
    case socks5_errc::connection_refused: return "SOCKS5: connection refused";
    case socks5_errc::ttl_expired: return "SOCKS5: TTL expired";
    case socks5_errc::command_not_supported: return "SOCKS5: command not supported";
    case socks5_errc::address_type_not_supported: return "SOCKS5: address type not supported";
    case socks5_errc::malformed_reply: return "malformed SOCKS5 reply";
    case socks5_errc::name_too_long: return "host name empty or longer than 255 bytes";
    case socks5_errc::credentials_too_long: return "proxy user name or password empty or longer than 255 bytes";
    case socks5_errc::fragmented_datagram: return "fragmented SOCKS5 datagram (not supported)";
  }
  return "unknown socks5 error";
}

namespace {

constexpr std::uint8_t kVersion = 0x05;      // RFC 1928 VER
constexpr std::uint8_t kAuthVersion = 0x01;  // RFC 1929 sub-negotiation VER
constexpr std::uint8_t kNoAcceptable = 0xFF;
constexpr std::uint8_t kAtypV4 = 0x01;
constexpr std::uint8_t kAtypName = 0x03;
constexpr std::uint8_t kAtypV6 = 0x04;
constexpr std::size_t kReplyHead = 4;  // VER REP RSV ATYP
constexpr std::size_t kUdpHead = 4;    // RSV RSV FRAG ATYP

std::uint8_t at(std::span<const std::byte> bytes, std::size_t i) {
  return std::to_integer<std::uint8_t>(bytes[i]);
}

void put(std::vector<std::byte>& out, std::uint8_t value) { out.push_back(std::byte{value}); }

void put_text(std::vector<std::byte>& out, std::string_view text) {
  put(out, static_cast<std::uint8_t>(text.size()));
  for (const char c : text) put(out, static_cast<std::uint8_t>(c));
}

// ATYP DST.ADDR DST.PORT.
Result<void> put_address(std::vector<std::byte>& out, const Socks5Target& target) {
  std::uint16_t port = 0;
  if (const auto* endpoint = std::get_if<Endpoint>(&target)) {
    put(out, endpoint->is_v4() ? kAtypV4 : kAtypV6);
    for (const auto b : endpoint->address_bytes()) put(out, b);
    port = endpoint->port();
  } else {
    const auto& host = std::get<Socks5HostName>(target);
    if (host.name.empty() || host.name.size() > kSocks5MaxNameLength) return fail(socks5_errc::name_too_long);
    put(out, kAtypName);
    put_text(out, host.name);
    port = host.port;
  }
  put(out, static_cast<std::uint8_t>(port >> 8));
  put(out, static_cast<std::uint8_t>(port & 0xFF));
  return {};
}

// The length of the address starting with ATYP at `atyp` (ATYP, address, port), or
// nullopt when it is a name whose length byte has not arrived yet.
ParseResult<std::optional<std::size_t>> address_length(std::span<const std::byte> bytes, std::size_t atyp) {
  switch (at(bytes, atyp)) {
    case kAtypV4: return std::optional<std::size_t>(1 + 4 + 2);
    case kAtypV6: return std::optional<std::size_t>(1 + 16 + 2);
    case kAtypName:
      if (bytes.size() <= atyp + 1) return std::optional<std::size_t>();
      if (at(bytes, atyp + 1) == 0) return parse_fail(socks5_errc::malformed_reply, atyp + 1);
      return std::optional<std::size_t>(1 + 1 + std::size_t{at(bytes, atyp + 1)} + 2);
    default: return parse_fail(socks5_errc::malformed_reply, atyp);
  }
}

// The address at `atyp`, whose address_length() bytes are all present.
Socks5Target read_address(std::span<const std::byte> bytes, std::size_t atyp) {
  const auto port_at = [&](std::size_t i) {
    return static_cast<std::uint16_t>((at(bytes, i) << 8) | at(bytes, i + 1));
  };
  const std::uint8_t type = at(bytes, atyp);
  if (type == kAtypV4) {
    Endpoint::V4Bytes a{};
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = at(bytes, atyp + 1 + i);
    return Endpoint::v4(a, port_at(atyp + 5));
  }
  if (type == kAtypV6) {
    Endpoint::V6Bytes a{};
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = at(bytes, atyp + 1 + i);
    return Endpoint::v6(a, port_at(atyp + 17));
  }
  const std::size_t length = at(bytes, atyp + 1);
  Socks5HostName host;
  for (std::size_t i = 0; i < length; ++i) host.name.push_back(static_cast<char>(at(bytes, atyp + 2 + i)));
  host.port = port_at(atyp + 2 + length);
  return host;
}

std::optional<socks5_errc> rep_error(std::uint8_t rep) {
  static constexpr std::array<socks5_errc, 8> kByCode{
      socks5_errc::general_failure,     socks5_errc::not_allowed,
      socks5_errc::network_unreachable, socks5_errc::host_unreachable,
      socks5_errc::connection_refused,  socks5_errc::ttl_expired,
      socks5_errc::command_not_supported, socks5_errc::address_type_not_supported};
  if (rep == 0) return std::nullopt;
  if (rep <= kByCode.size()) return kByCode[rep - 1];
  return socks5_errc::malformed_reply;  // unassigned by RFC 1928
}

}  // namespace

std::vector<std::byte> encode_socks5_greeting(bool offer_user_password) {
  std::vector<std::byte> out;
  put(out, kVersion);
  put(out, offer_user_password ? 2 : 1);
  put(out, static_cast<std::uint8_t>(Socks5Method::no_auth));
  if (offer_user_password) put(out, static_cast<std::uint8_t>(Socks5Method::user_password));
  return out;
}

Result<std::vector<std::byte>> encode_socks5_auth(std::string_view user, std::string_view password) {
  const auto bad = [](std::string_view s) { return s.empty() || s.size() > kSocks5MaxCredentialLength; };
  if (bad(user) || bad(password)) return fail(socks5_errc::credentials_too_long);
  std::vector<std::byte> out;
  put(out, kAuthVersion);
  put_text(out, user);
  put_text(out, password);
  return out;
}

Result<std::vector<std::byte>> encode_socks5_request(Socks5Command command, const Socks5Target& target) {
  std::vector<std::byte> out{std::byte{kVersion}, std::byte{static_cast<std::uint8_t>(command)}, std::byte{0}};
  CORRENT_TRY_VOID(put_address(out, target));
  return out;
}

Result<std::vector<std::byte>> encode_socks5_udp_header(const Socks5Target& target) {
  std::vector<std::byte> out(3, std::byte{0});  // RSV RSV FRAG
  CORRENT_TRY_VOID(put_address(out, target));
  return out;
}

Result<Socks5Method> decode_socks5_method(std::span<const std::byte> reply, bool offered_user_password) {
  if (reply.size() != 2) return fail(socks5_errc::malformed_reply);
  if (at(reply, 0) != kVersion) return fail(socks5_errc::bad_version);
  const std::uint8_t method = at(reply, 1);
  if (method == kNoAcceptable) return fail(socks5_errc::no_acceptable_method);
  if (method == static_cast<std::uint8_t>(Socks5Method::no_auth)) return Socks5Method::no_auth;
  if (method == static_cast<std::uint8_t>(Socks5Method::user_password) && offered_user_password) {
    return Socks5Method::user_password;
  }
  return fail(socks5_errc::malformed_reply);  // a method we did not offer
}

Result<void> decode_socks5_auth_reply(std::span<const std::byte> reply) {
  if (reply.size() != 2) return fail(socks5_errc::malformed_reply);
  if (at(reply, 0) != kAuthVersion) return fail(socks5_errc::bad_version);
  if (at(reply, 1) != 0) return fail(socks5_errc::auth_failed);
  return {};
}

ParseResult<Socks5ReplyStep> parse_socks5_reply(std::span<const std::byte> received) {
  // Check each byte as soon as it is there, so a non-SOCKS5 server fails at once.
  if (!received.empty() && at(received, 0) != kVersion) return parse_fail(socks5_errc::bad_version, 0);
  if (received.size() >= 2) {
    if (const auto error = rep_error(at(received, 1))) return parse_fail(*error, 1);
  }
  if (received.size() < kReplyHead) return Socks5NeedMore{kReplyHead - received.size()};
  CORRENT_TRY(const auto length, address_length(received, kReplyHead - 1));
  if (!length) return Socks5NeedMore{kReplyHead + 1 - received.size()};
  const std::size_t total = kReplyHead - 1 + *length;
  if (received.size() < total) return Socks5NeedMore{total - received.size()};
  return Socks5Reply{read_address(received, kReplyHead - 1), total};
}

ParseResult<Socks5UdpHeader> parse_socks5_udp_header(std::span<const std::byte> datagram) {
  if (datagram.size() < kUdpHead) return parse_fail(socks5_errc::malformed_reply, datagram.size());
  if (at(datagram, 2) != 0) return parse_fail(socks5_errc::fragmented_datagram, 2);
  CORRENT_TRY(const auto length, address_length(datagram, kUdpHead - 1));
  if (!length || datagram.size() < kUdpHead - 1 + *length) {
    return parse_fail(socks5_errc::malformed_reply, datagram.size());
  }
  return Socks5UdpHeader{read_address(datagram, kUdpHead - 1), kUdpHead - 1 + *length};
}

// --- Proxy URL. ---------------------------------------------------------------------------

namespace {

// Percent-decodes a userinfo part; nullopt on a bad escape.
std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= text.size()) return std::nullopt;
    const auto [ptr, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
    if (ec != std::errc{} || ptr != text.data() + i + 3) return std::nullopt;
    out.push_back(static_cast<char>(value));
    i += 2;
  }
  return out;
}

bool valid_host_name(std::string_view host) {
  return !host.empty() && host.size() <= kSocks5MaxNameLength &&
         std::all_of(host.begin(), host.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
         });
}

// "host[:port]" or "[v6][:port]" into `settings`.
Result<void> parse_host_port(std::string_view text, ProxySettings& settings) {
  std::string_view host = text;
  std::string_view port;
  bool has_port = false;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return fail(socks5_errc::bad_proxy_url);
    host = text.substr(1, close - 1);
    const auto rest = text.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return fail(socks5_errc::bad_proxy_url);
    has_port = !rest.empty();
    if (has_port) port = rest.substr(1);
    if (!Endpoint::parse("[" + std::string(host) + "]:1")) return fail(socks5_errc::bad_proxy_url);
  } else {
    const auto colon = text.find(':');
    if (colon != std::string_view::npos) {
      host = text.substr(0, colon);
      port = text.substr(colon + 1);
      has_port = true;
    }
    if (!valid_host_name(host)) return fail(socks5_errc::bad_proxy_url);
  }
  settings.host.clear();
  for (const char c : host) settings.host.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (!has_port) return {};
  unsigned value = 0;
  const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc{} || ptr != port.data() + port.size() || value == 0 || value > 65535) {
    return fail(socks5_errc::bad_proxy_url);
  }
  settings.port = static_cast<std::uint16_t>(value);
  return {};
}

}  // namespace

std::optional<Endpoint> ProxySettings::literal_endpoint() const {
  const bool v6 = host.find(':') != std::string::npos;
  auto parsed = Endpoint::parse((v6 ? "[" + host + "]" : host) + ":" + std::to_string(port));
  if (!parsed) return std::nullopt;
  return *parsed;
}

Result<ProxySettings> parse_proxy_url(std::string_view text) {
  const auto separator = text.find("://");
  if (separator == std::string_view::npos) return fail(socks5_errc::bad_proxy_url);
  std::string scheme;
  for (const char c : text.substr(0, separator)) scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (scheme != "socks5" && scheme != "socks5h") return fail(socks5_errc::bad_proxy_url);
  std::string_view rest = text.substr(separator + 3);
  if (rest.ends_with('/')) rest.remove_suffix(1);
  if (rest.find_first_of("/?# \t\r\n") != std::string_view::npos) return fail(socks5_errc::bad_proxy_url);
  ProxySettings settings;
  // The last '@' ends the userinfo: a password with a raw '@' still parses.
  if (const auto at_sign = rest.rfind('@'); at_sign != std::string_view::npos) {
    const auto userinfo = rest.substr(0, at_sign);
    rest = rest.substr(at_sign + 1);
    const auto colon = userinfo.find(':');
    if (colon == std::string_view::npos) return fail(socks5_errc::bad_proxy_url);  // RFC 1929 needs both
    auto user = percent_decode(userinfo.substr(0, colon));
    auto password = percent_decode(userinfo.substr(colon + 1));
    if (!user || !password || user->empty() || password->empty()) return fail(socks5_errc::bad_proxy_url);
    if (user->size() > kSocks5MaxCredentialLength || password->size() > kSocks5MaxCredentialLength) {
      return fail(socks5_errc::credentials_too_long);
    }
    settings.user = std::move(*user);
    settings.password = std::move(*password);
  }
  CORRENT_TRY_VOID(parse_host_port(rest, settings));
  return settings;
}

// --- Handshakes. ------------------------------------------------------------------------

namespace {

// Fills `into` exactly: never reads a byte past it, so what follows stays in the stream.
Task<Result<void>> read_exact(Stream& stream, std::span<std::byte> into) {
  std::size_t got = 0;
  while (got < into.size()) {
    CORRENT_CO_TRY(const std::size_t n, co_await stream.read_some(into.subspan(got)));
    got += n;
  }
  co_return Result<void>{};
}

// Greeting, optional RFC 1929 authentication, then `command` on `target`; BND of the reply.
Task<Result<Socks5Target>> handshake(Stream& proxy, Socks5Command command, const Socks5Target& target,
                                     const ProxySettings& settings) {
  const bool offer = settings.has_credentials();
  // Everything is encoded first, so that a bad name or password fails before a byte goes out.
  CORRENT_CO_TRY(const auto request, encode_socks5_request(command, target));
  std::vector<std::byte> auth;
  if (offer) {
    CORRENT_CO_TRY(auth, encode_socks5_auth(settings.user, settings.password));
  }
  const auto greeting = encode_socks5_greeting(offer);
  CORRENT_CO_TRY_VOID(co_await proxy.write_all(greeting));
  std::array<std::byte, 2> two{};
  CORRENT_CO_TRY_VOID(co_await read_exact(proxy, two));
  CORRENT_CO_TRY(const Socks5Method method, decode_socks5_method(two, offer));
  if (method == Socks5Method::user_password) {
    CORRENT_CO_TRY_VOID(co_await proxy.write_all(auth));
    CORRENT_CO_TRY_VOID(co_await read_exact(proxy, two));
    CORRENT_CO_TRY_VOID(decode_socks5_auth_reply(two));
  }
  CORRENT_CO_TRY_VOID(co_await proxy.write_all(request));
  std::array<std::byte, kSocks5MaxReplySize> reply{};
  std::size_t have = 0;
  while (true) {
    auto step = parse_socks5_reply({reply.data(), have});
    if (!step) co_return tl::make_unexpected(step.error().code);
    if (auto* done = std::get_if<Socks5Reply>(&*step)) co_return std::move(done->bound);
    const std::size_t need = std::get<Socks5NeedMore>(*step).bytes;
    CORRENT_CO_TRY_VOID(co_await read_exact(proxy, std::span(reply).subspan(have, need)));
    have += need;
  }
}

}  // namespace

Task<Result<Endpoint>> socks5_connect(Stream& proxy, const Socks5Target& target,
                                      const ProxySettings& proxy_settings,
                                      std::chrono::milliseconds timeout) {
  CORRENT_CO_TRY(const Socks5Target bound,
                 co_await with_timeout(handshake(proxy, Socks5Command::connect, target, proxy_settings), timeout));
  if (const auto* endpoint = std::get_if<Endpoint>(&bound)) co_return *endpoint;
  co_return Endpoint().with_port(std::get<Socks5HostName>(bound).port);
}

Task<Result<Endpoint>> socks5_udp_associate(Stream& proxy, const Endpoint& expected_sender,
                                            const ProxySettings& proxy_settings,
                                            std::chrono::milliseconds timeout) {
  const Socks5Target sender = expected_sender;
  CORRENT_CO_TRY(const Socks5Target bound,
                 co_await with_timeout(handshake(proxy, Socks5Command::udp_associate, sender, proxy_settings),
                                       timeout));
  const auto* relay = std::get_if<Endpoint>(&bound);
  if (relay == nullptr) co_return fail(socks5_errc::malformed_reply);
  if (relay->is_unspecified()) co_return proxy.remote().with_port(relay->port());
  co_return *relay;
}

}  // namespace corrent::net
