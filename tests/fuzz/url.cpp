// Fuzz target: URL parsing and redirect resolution. A parsed URL printed and parsed again
// must give the same scheme, host, port and target.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corrent/net/url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace net = corrent::net;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto url = net::parse_url(text)) {
    auto again = net::parse_url(url->to_string());
    if (!again || again->scheme != url->scheme || again->host != url->host ||
        again->port != url->port || again->target != url->target) {
      std::abort();
    }
  }
  static const auto base = *net::parse_url("http://t.example:8080/dir/announce?x=1");
  if (auto resolved = net::resolve_reference(base, text)) {
    if (resolved->host.empty()) std::abort();
  }
  return 0;
}
