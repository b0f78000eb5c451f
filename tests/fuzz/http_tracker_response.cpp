// Fuzz target: HTTP tracker reply bodies (announce and scrape). Beyond not crashing: the
// bounds the parser promises hold for every accepted input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corrent/plugins/tracker_http/response.hpp"
#include "corrent/tracker/limits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace tr = corrent::tracker;
  namespace http = corrent::tracker_http;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  if (auto r = http::parse_announce_response(body)) {
    if (r->peers.size() > tr::kMaxPeersPerResponse) std::abort();
    if (r->interval < tr::kMinInterval || r->interval > tr::kMaxInterval) std::abort();
    if (r->min_interval && (*r->min_interval < tr::kMinInterval || *r->min_interval > tr::kMaxInterval)) {
      std::abort();
    }
    for (const auto& peer : r->peers) {
      if (peer.port() == 0) std::abort();
    }
  }
  if (auto r = http::parse_scrape_response(body)) {
    if (r->files.size() > size / 20) std::abort();  // each entry needs a 20-byte key
  }
  return 0;
}
