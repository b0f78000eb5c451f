// decode_holepunch (plugins/ut_holepunch) on arbitrary bytes. An accepted message is
// 12 or 24 bytes (8 or 20 without err_code, not an error), and encoding it again gives the
// input back (err_code aside in a message that is not an error: we always write 0).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "holepunch_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace hp = corrent::holepunch;
  const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
  const auto m = hp::decode_holepunch(input);
  if (!m) return 0;
  const bool whole = size == hp::kV4MessageSize || size == hp::kV6MessageSize;
  const bool short_form = size == hp::kV4MessageSize - hp::kErrorCodeSize || size == hp::kV6MessageSize - hp::kErrorCodeSize;
  if (!whole && !(short_form && m->type != hp::MessageType::error)) std::abort();
  const auto again = hp::encode_holepunch(*m);
  if (again.size() != (whole ? size : size + hp::kErrorCodeSize)) std::abort();
  const std::size_t compared = m->type == hp::MessageType::error ? size : again.size() - hp::kErrorCodeSize;
  for (std::size_t i = 0; i < compared; ++i) {
    if (again[i] != input[i]) std::abort();
  }
  return 0;
}
