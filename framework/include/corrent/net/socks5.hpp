#pragma once
// SOCKS5 client (RFC 1928, with RFC 1929 user/password authentication), for peers and
// HTTP trackers reached through a proxy (issue 17). Two layers:
// - a sans-I/O codec: encoders that build each request and decoders that check each reply,
//   on spans, so that fuzzing and tests feed them bytes directly;
// - socks5_connect / socks5_udp_associate: the handshake over any connected net::Stream
//   (the caller connects it to the proxy with its transport). After a CONNECT the stream
//   carries the tunnelled bytes: the reply is read exactly, never a byte past it.
//
//   auto proxy = co_await tcp.connect(*settings.literal_endpoint(), 10s);   // a Stream
//   auto bound = co_await net::socks5_connect(**proxy, peer, settings, kSocks5HandshakeTimeout);
//   if (!bound) ...   // socks5_errc::connection_refused, net::errc::timed_out, eof, ...
//   // *proxy now speaks to `peer`

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "corrent/core/error.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/stream.hpp"

namespace corrent::net {

/// Why a SOCKS5 step failed (category "corrent.socks5"). The REP codes of RFC 1928
/// section 6 each have their own value, so a caller can tell "refused" from "unreachable".
enum class socks5_errc {
  ok = 0,
  bad_proxy_url,         ///< not socks5://[user:pass@]host[:port] (or socks5h://)
  bad_version,           ///< a reply's version byte is not 5 (or 1 in RFC 1929's reply)
  no_acceptable_method,  ///< the proxy accepts none of the methods we offered (0xFF)
  auth_failed,           ///< RFC 1929: the proxy refused the user name and password
  general_failure,       ///< REP 01: general SOCKS server failure
  not_allowed,           ///< REP 02: connection not allowed by ruleset
  network_unreachable,   ///< REP 03
  host_unreachable,      ///< REP 04
  connection_refused,    ///< REP 05
  ttl_expired,           ///< REP 06
  command_not_supported,       ///< REP 07
  address_type_not_supported,  ///< REP 08
  malformed_reply,       ///< bad ATYP, empty name, unassigned REP, a method not offered...
  name_too_long,         ///< a target host name empty or above kSocks5MaxNameLength
  credentials_too_long,  ///< a user name or password empty or above kSocks5MaxCredentialLength
  fragmented_datagram,   ///< a UDP request header with FRAG != 0 (we do not reassemble)
};

std::string_view describe(socks5_errc e) noexcept;
constexpr const char* category_name(socks5_errc) noexcept { return "corrent.socks5"; }
CORRENT_ERROR_ENUM(socks5_errc)

}  // namespace corrent::net

CORRENT_ERROR_ENUM_TRAIT(corrent::net::socks5_errc);

namespace corrent::net {

/// Longest host name in a request (RFC 1928 section 5: a one-byte length).
inline constexpr std::size_t kSocks5MaxNameLength = 255;
/// Longest user name and password (RFC 1929: one-byte ULEN and PLEN, 1..255).
inline constexpr std::size_t kSocks5MaxCredentialLength = 255;
/// Longest reply: VER REP RSV ATYP, a name's length byte and 255 bytes, BND.PORT.
inline constexpr std::size_t kSocks5MaxReplySize = 4 + 1 + kSocks5MaxNameLength + 2;
/// The port of a proxy URL without one (IANA's registered SOCKS port, RFC 1928).
inline constexpr std::uint16_t kSocks5DefaultPort = 1080;
/// Default bound on a whole handshake (greeting to reply). Ours: the same 10 s as http's
/// kDefaultReceiveTimeout (libtorrent's tracker_receive_timeout); a proxy on a working
/// network answers in one round trip per step, and a dead one must not hold a slot long.
inline constexpr std::chrono::milliseconds kSocks5HandshakeTimeout{10 * 1000};

/// A proxy, from parse_proxy_url() or configuration. Credentials are sent (RFC 1929)
/// only when `user` is not empty.
struct ProxySettings {
  std::string host;  ///< a name, an IPv4 literal, or an IPv6 literal without brackets
  std::uint16_t port = kSocks5DefaultPort;
  std::string user;
  std::string password;

  [[nodiscard]] bool has_credentials() const { return !user.empty(); }
  /// host:port as an Endpoint when host is an IP literal (a transport connects to it
  /// directly), nullopt when it is a name the caller must resolve.
  [[nodiscard]] std::optional<Endpoint> literal_endpoint() const;
  friend bool operator==(const ProxySettings&, const ProxySettings&) = default;
};

/// Parses socks5://[user:password@]host[:port][/] (socks5h:// too: we always pass host
/// names to the proxy, so both resolve remotely). The scheme is case-insensitive; user and
/// password are percent-decoded; IPv6 hosts are bracketed ("[::1]:1080"). Errors:
/// socks5_errc::bad_proxy_url (another scheme, empty or bad host, bad port, a path, a user
/// without password), credentials_too_long.
[[nodiscard]] Result<ProxySettings> parse_proxy_url(std::string_view text);

/// A target known by name, resolved by the proxy (no DNS query of ours goes around it).
struct Socks5HostName {
  std::string name;
  std::uint16_t port = 0;
  friend bool operator==(const Socks5HostName&, const Socks5HostName&) = default;
};
/// DST.ADDR/DST.PORT of a request, BND.ADDR/BND.PORT of a reply: an address or a name.
using Socks5Target = std::variant<Endpoint, Socks5HostName>;

/// The authentication methods of RFC 1928 section 3 that we speak.
enum class Socks5Method : std::uint8_t { no_auth = 0x00, user_password = 0x02 };
/// The commands of RFC 1928 section 4 (BIND is not used by BitTorrent).
enum class Socks5Command : std::uint8_t { connect = 0x01, udp_associate = 0x03 };

// --- Encoders. Each returns the exact bytes to write. -----------------------------------

/// VER NMETHODS METHODS: no-auth, plus user/password when `offer_user_password`.
[[nodiscard]] std::vector<std::byte> encode_socks5_greeting(bool offer_user_password);
/// RFC 1929: VER(1) ULEN UNAME PLEN PASSWD. credentials_too_long outside 1..255 bytes.
[[nodiscard]] Result<std::vector<std::byte>> encode_socks5_auth(std::string_view user,
                                                                 std::string_view password);
/// VER CMD RSV ATYP DST.ADDR DST.PORT. name_too_long for a name outside 1..255 bytes.
[[nodiscard]] Result<std::vector<std::byte>> encode_socks5_request(Socks5Command command,
                                                                    const Socks5Target& target);
/// RSV RSV FRAG(0) ATYP DST.ADDR DST.PORT, to put before a datagram sent to the relay.
[[nodiscard]] Result<std::vector<std::byte>> encode_socks5_udp_header(const Socks5Target& target);

// --- Decoders. ---------------------------------------------------------------------------

/// The 2-byte method selection. `offered_user_password` says what our greeting offered:
/// a method we did not offer is malformed_reply, 0xFF no_acceptable_method.
[[nodiscard]] Result<Socks5Method> decode_socks5_method(std::span<const std::byte> reply,
                                                        bool offered_user_password);
/// RFC 1929's 2-byte reply: bad_version unless VER is 1, auth_failed unless STATUS is 0.
[[nodiscard]] Result<void> decode_socks5_auth_reply(std::span<const std::byte> reply);

/// A successful reply (REP 00).
struct Socks5Reply {
  Socks5Target bound;     ///< BND.ADDR and BND.PORT
  std::size_t size = 0;   ///< the reply's length in bytes
};
/// The reply needs exactly `bytes` more bytes than were given.
struct Socks5NeedMore {
  std::size_t bytes = 0;
};
using Socks5ReplyStep = std::variant<Socks5NeedMore, Socks5Reply>;

/// Parses the bytes received so far of a CONNECT or UDP ASSOCIATE reply (VER REP RSV ATYP
/// BND.ADDR BND.PORT). Returns how many more bytes it needs, exactly (4 for the head,
/// then the address length ATYP implies), or the reply; bytes past the reply are ignored.
/// Errors, with the offset of the bad byte: bad_version, one per REP code (an unassigned
/// one is malformed_reply), malformed_reply (unknown ATYP, a name of length 0). RSV is
/// not checked: it is reserved, and rejecting it gains nothing.
[[nodiscard]] ParseResult<Socks5ReplyStep> parse_socks5_reply(std::span<const std::byte> received);

/// A datagram from the UDP relay: its header and where the payload starts.
struct Socks5UdpHeader {
  Socks5Target target;    ///< DST.ADDR and DST.PORT: who sent it (or where it goes)
  std::size_t size = 0;   ///< header length; the payload is datagram.subspan(size)
};
/// Parses a datagram's header. Errors: malformed_reply (truncated, unknown ATYP, empty
/// name), fragmented_datagram (FRAG != 0: fragments are optional in RFC 1928 section 7 and
/// we drop them). RSV is not checked, as in parse_socks5_reply.
[[nodiscard]] ParseResult<Socks5UdpHeader> parse_socks5_udp_header(std::span<const std::byte> datagram);

// --- Handshakes over a Stream connected to the proxy. -----------------------------------

/// Greets, authenticates if `proxy_settings` has credentials, asks the proxy to CONNECT
/// to `target` and returns BND.ADDR:BND.PORT (0.0.0.0 with BND.PORT when the proxy names
/// it by host name). The whole handshake is bounded by `timeout` (net::errc::timed_out).
/// Errors: socks5_errc, net::errc::timed_out, the stream's (eof, ...). On success `proxy`
/// carries the tunnel; on failure it should be closed.
Task<Result<Endpoint>> socks5_connect(Stream& proxy, const Socks5Target& target,
                                      const ProxySettings& proxy_settings,
                                      std::chrono::milliseconds timeout);

/// UDP ASSOCIATE: `expected_sender` is where our datagrams will come from (0.0.0.0:0 when
/// unknown). Returns the relay to send datagrams to, each with encode_socks5_udp_header;
/// an unspecified BND.ADDR (0.0.0.0 or ::) is replaced by the proxy's own address, as
/// proxies that bind every interface answer. The association lasts while `proxy` stays
/// open. Errors as socks5_connect, and malformed_reply when the relay is a host name.
Task<Result<Endpoint>> socks5_udp_associate(Stream& proxy, const Endpoint& expected_sender,
                                            const ProxySettings& proxy_settings,
                                            std::chrono::milliseconds timeout);

}  // namespace corrent::net
