// decode_extension_handshake on arbitrary bytes. An accepted handshake, encoded again
// with its whole dict as the extra fields, must decode to the same fields.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "corrent/wire/extension_handshake.hpp"

namespace {

bool same_fields(const corrent::wire::ExtensionHandshake& a, const corrent::wire::ExtensionHandshake& b) {
  return a.m == b.m && a.listen_port == b.listen_port && a.client == b.client && a.reqq == b.reqq &&
         a.yourip == b.yourip && a.metadata_size == b.metadata_size && a.upload_only == b.upload_only;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
  const auto h = corrent::wire::decode_extension_handshake(input);
  if (!h) return 0;
  const std::string again = corrent::wire::encode_extension_handshake(*h, h->dict);
  const auto back = corrent::wire::decode_extension_handshake(
      std::span(reinterpret_cast<const std::byte*>(again.data()), again.size()));
  // Encoding always writes "m": without one in the input, that may push a payload at
  // the size or token limit over it. Any other failure to decode our own output is a bug.
  if (!back) {
    if (h->dict.find("m") == nullptr) return 0;
    std::abort();
  }
  if (!same_fields(*h, *back)) std::abort();
  if (h->m.size() > corrent::wire::kMaxExtensionNames) std::abort();
  return 0;
}
