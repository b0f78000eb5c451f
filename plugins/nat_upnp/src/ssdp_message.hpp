#pragma once
// SSDP (UPnP Device Architecture 1.1, section 1.3), sans I/O: the M-SEARCH we multicast,
// and the parse of a unicast reply. A reply is accepted only if its LOCATION is an
// http:// URL whose host is the IPv4 address the reply came from: a device on the LAN
// cannot send us to fetch descriptions (and later post SOAP) from some other host.

#include <string>
#include <string_view>

#include "corrent/core/result.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/url.hpp"

namespace corrent::nat_upnp {

/// The search targets we ask for, one M-SEARCH each: IGD v1, IGD v2, and the
/// WANIPConnection service (some gateways answer only for services).
inline constexpr std::string_view kSearchTargets[] = {
    "urn:schemas-upnp-org:device:InternetGatewayDevice:1",
    "urn:schemas-upnp-org:device:InternetGatewayDevice:2",
    "urn:schemas-upnp-org:service:WANIPConnection:1",
};

/// A reply we may follow: where its device description is, and what it says it is.
struct SsdpReply {
  net::Url location;  ///< http://<sender's IPv4 address>[:port]/path
  std::string st;     ///< the search target it answers (may be empty)
  std::string usn;    ///< its unique service name (may be empty)
};

/// "M-SEARCH * HTTP/1.1" for `search_target`, with HOST `host` ("239.255.255.250:1900"),
/// MAN "ssdp:discover" and MX kSearchMx.
[[nodiscard]] std::string make_search(std::string_view search_target, std::string_view host);

/// Parses a datagram received from `sender` (its port is ignored). Errors (nat_upnp::errc):
/// ssdp_too_large, ssdp_bad_status, ssdp_bad_header, ssdp_too_many_headers,
/// ssdp_no_location, ssdp_bad_location, ssdp_foreign_location. Header names are
/// case-insensitive; lines may end in CR LF or LF alone (devices differ).
[[nodiscard]] ParseResult<SsdpReply> parse_ssdp_reply(std::string_view datagram, const net::Endpoint& sender);

}  // namespace corrent::nat_upnp
