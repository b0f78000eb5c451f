// decode_donthave (plugins/lt_donthave) on arbitrary bytes: only exactly 4 bytes decode,
// and encoding the piece again gives them back.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "donthave_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace dh = corrent::donthave;
  const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
  const auto piece = dh::decode_donthave(input);
  if (!piece) {
    if (size == dh::kPayloadSize) std::abort();
    return 0;
  }
  if (size != dh::kPayloadSize) std::abort();
  const auto again = dh::encode_donthave(*piece);
  for (std::size_t i = 0; i < size; ++i) {
    if (again[i] != input[i]) std::abort();
  }
  return 0;
}
