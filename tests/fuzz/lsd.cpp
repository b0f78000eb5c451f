// parse_announce (plugins/lsd, BEP 14) on arbitrary bytes. An accepted announce is within
// the limits (size, infohash count, cookie length, Port in range), and encoding its fields
// again gives an announce that parses to the same fields.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "announce_message.hpp"
#include "lsd_limits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace lsd = corrent::lsd;
  const auto m = lsd::parse_announce(std::span(data, size));
  if (!m) return 0;
  if (size > lsd::kMaxAnnounceSize || m->info_hashes.empty() ||
      m->info_hashes.size() > lsd::kMaxInfohashesPerAnnounce || m->port == 0 ||
      m->cookie.size() > lsd::kMaxCookieSize || m->host.empty()) {
    std::abort();
  }
  const auto again = lsd::encode_announce(lsd::Group::v6, 6771, m->port, m->info_hashes, m->cookie);
  // With a cookie no longer than ours, any accepted set of infohashes fits our encoding
  // (the static_assert in announce_message.cpp); a longer cookie may not.
  if (!again) {
    if (m->cookie.size() <= lsd::kCookieSize) std::abort();
    return 0;
  }
  const auto back = lsd::parse_announce(
      std::span(reinterpret_cast<const std::uint8_t*>(again->data()), again->size()));
  if (!back || back->port != m->port || back->info_hashes != m->info_hashes || back->cookie != m->cookie) {
    std::abort();
  }
  return 0;
}
