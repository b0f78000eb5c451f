// parse_ssdp_reply (plugins/nat_upnp) on arbitrary bytes, as if sent by 192.168.1.1. An
// accepted reply is within the size bound and its LOCATION is http:// on the sender.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "nat_upnp_limits.hpp"
#include "ssdp_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace upnp = corrent::nat_upnp;
  const auto sender = corrent::net::Endpoint::v4({192, 168, 1, 1}, 1900);
  const auto r = upnp::parse_ssdp_reply(std::string_view(reinterpret_cast<const char*>(data), size), sender);
  if (!r) return 0;
  if (size > upnp::kMaxSsdpReplySize || r->location.scheme != "http" || r->location.host != "192.168.1.1") {
    std::abort();
  }
  return 0;
}
