// parse_description and parse_soap_response (plugins/nat_upnp) on arbitrary bytes: the
// device-tree walk and the SOAP reader over whatever pugixml makes of them. An accepted
// description names one of our three service types and a control URL on the description's
// host.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "device_description.hpp"
#include "soap_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace upnp = corrent::nat_upnp;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const auto location = *corrent::net::parse_url("http://192.168.1.1:5000/desc/rootDesc.xml");
  const auto r = upnp::parse_description(text, location);
  if (r) {
    const bool known = r->service_type == upnp::kWanIpConnection2 || r->service_type == upnp::kWanIpConnection1 ||
                       r->service_type == upnp::kWanPppConnection1;
    if (!known || r->control_url.host != location.host || r->control_url.scheme != "http") std::abort();
  }
  (void)upnp::parse_soap_response(200, text, "GetExternalIPAddress");
  (void)upnp::parse_soap_response(500, text, "AddPortMapping");
  return 0;
}
