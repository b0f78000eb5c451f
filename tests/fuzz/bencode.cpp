// Fuzz target: bencode decoding. Beyond not crashing: whatever decodes must survive a
// round trip (re-encode, decode again, same value), and canonical input must re-encode to
// exactly its own bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corrent/bencode/decode.hpp"
#include "corrent/bencode/encode.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace bc = corrent::bencode;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  auto doc = bc::decode(in);
  if (!doc) return 0;
  const bc::Value value = bc::to_value(doc->root());
  const std::string again = bc::encode(value);
  auto redecoded = bc::decode(again);
  if (!redecoded || !(bc::to_value(redecoded->root()) == value)) std::abort();
  if (!doc->first_unsorted_key() && again != in) std::abort();
  return 0;
}
