// from_hex and base32_decode on arbitrary text: whatever they accept must re-encode to the
// same text (modulo case and padding), and every byte string must survive a round trip.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "corrent/core/encoding.hpp"

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::span<const std::uint8_t> as_u8(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  if (corrent::from_hex(corrent::to_hex(input)) != std::string(input)) std::abort();
  if (corrent::base32_decode(corrent::base32_encode(as_u8(input))) != std::string(input)) {
    std::abort();
  }

  if (const auto bytes = corrent::from_hex(input)) {
    if (corrent::to_hex(*bytes) != lower(input)) std::abort();
  }
  if (const auto bytes = corrent::base32_decode(input)) {
    const std::string_view unpadded = input.substr(0, input.find_last_not_of('=') + 1);
    if (lower(corrent::base32_encode(as_u8(*bytes))) != lower(unpadded)) std::abort();
  }
  return 0;
}
