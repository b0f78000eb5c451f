// Fuzz target: magnet URI parsing. Whatever parses must survive a round trip: to_uri,
// then parse again, gives the same Magnet. The one allowed difference is length:
// percent-encoding can make the URI longer than kMaxMagnetLength, which parse then
// refuses with too_long.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corrent/metainfo/limits.hpp"
#include "corrent/metainfo/magnet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace mi = corrent::metainfo;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  auto m = mi::parse_magnet(in);
  if (!m) return 0;
  const std::string uri = mi::to_uri(*m);
  auto again = mi::parse_magnet(uri);
  if (uri.size() > mi::kMaxMagnetLength) {
    if (again || again.error().code != std::error_code(mi::magnet_errc::too_long)) std::abort();
    return 0;
  }
  if (!again || !(*again == *m)) std::abort();
  return 0;
}
