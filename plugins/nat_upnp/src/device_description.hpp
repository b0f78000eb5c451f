#pragma once
// The device description of an Internet gateway (UPnP Device Architecture 1.1, section 2.3),
// sans I/O: which WAN connection service to talk to, and its control URL. pugixml parses
// the XML (it expands no DTD or external entities, so no "billion laughs"); the walk of
// the device tree is iterative and bounded in depth and count (nat_upnp_limits.hpp).

#include <string>
#include <string_view>

#include "corrent/core/result.hpp"
#include "corrent/net/url.hpp"

namespace corrent::nat_upnp {

/// The service types we can map ports with, best first.
inline constexpr std::string_view kWanIpConnection2 = "urn:schemas-upnp-org:service:WANIPConnection:2";
inline constexpr std::string_view kWanIpConnection1 = "urn:schemas-upnp-org:service:WANIPConnection:1";
inline constexpr std::string_view kWanPppConnection1 = "urn:schemas-upnp-org:service:WANPPPConnection:1";

/// A WAN connection service of the gateway.
struct WanService {
  std::string service_type;  ///< one of the three above (ours, not the gateway's bytes)
  net::Url control_url;      ///< http://, on the same host as the description
};

/// Finds the best WAN connection service anywhere in the device tree of `xml` (fetched from
/// `location`): WANIPConnection:2, else WANIPConnection:1, else WANPPPConnection:1, the
/// first of its type in document order. Its controlURL is resolved against <URLBase> if
/// there is one, else against `location`, and must stay on `location`'s host. Errors
/// (nat_upnp::errc): description_too_large, description_malformed (offset: where the XML
/// broke), description_too_deep, description_too_many, no_wan_service, bad_control_url.
[[nodiscard]] ParseResult<WanService> parse_description(std::string_view xml, const net::Url& location);

}  // namespace corrent::nat_upnp
