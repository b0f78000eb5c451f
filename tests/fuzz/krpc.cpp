// decode_krpc (plugins/dht) on arbitrary bytes. An accepted message fits the packet
// bound, and encoded again it must decode to the same message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "dht_limits.hpp"
#include "krpc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace dht = corrent::dht;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto m = dht::decode_krpc(input);
  if (!m) return 0;
  if (size > dht::kMaxPacketSize) std::abort();
  const std::string again = dht::encode_krpc(*m);
  // The encoding drops unknown keys and never grows a message, but a bound on our own
  // output is not the decoder's contract: only a failure within the bound is a bug.
  const auto back = dht::decode_krpc(again);
  if (!back) {
    if (again.size() > dht::kMaxPacketSize) return 0;
    std::abort();
  }
  if (!(*back == *m)) std::abort();
  if (dht::encode_krpc(*back) != again) std::abort();
  return 0;
}
