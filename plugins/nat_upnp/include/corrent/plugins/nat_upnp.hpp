#pragma once
// nat_upnp: a PortMapper (the nat plugin kind) for UPnP Internet Gateway Devices
// (WANIPConnection v1 and v2, WANPPPConnection v1). It finds the gateway by SSDP
// (M-SEARCH to 239.255.255.250:1900 from a socket of its own), reads its device
// description, maps each of the session's ports with AddPortMapping, reports the external
// address (GetExternalIPAddress), renews at half the lease, finds the gateway again with
// back-off (5 s doubling to 5 min) when it is lost, and removes its mappings at stop.
// A reply whose LOCATION is not on the host that sent it is refused. Written on Asio
// rather than libminiupnpc so that every wait is bounded and cancellable and every
// parser fuzzed. Configuration section "nat_upnp" ("enabled": false skips it):
//   ssdp_address    (string, default "239.255.255.250"): the IPv4 address M-SEARCH is
//                   sent to (another only for tests: a responder on 127.0.0.1)
//   ssdp_port       (integer, default 1900): the port M-SEARCH is sent to (likewise)
//   search_ms       (integer, default 2000): how long replies to a search are collected
//   lease_s         (integer, default 3600): the lease asked for, renewed at half of it;
//                   0 asks for a permanent mapping (checked again every 20 minutes)
//   http_timeout_ms (integer, default 5000): bound on each HTTP request to the gateway
//                   (the description, each SOAP action)
//   retry_ms        (integer, default 5000): first wait before searching again after a
//                   failure; it doubles at each failure up to 5 minutes

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "nat_upnp" port mapper.
void register_nat_upnp(Registry& registry);

}  // namespace corrent::plugins
