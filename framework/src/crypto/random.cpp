#include "corrent/crypto/random.hpp"

#include <sodium.h>

#include "crypto/sodium.hpp"

namespace corrent::crypto {

void random_bytes(std::span<std::byte> out) {
  if (out.empty()) return;  // an empty span's data() may be null, which libsodium must not get
  detail::ensure_sodium();
  randombytes_buf(out.data(), out.size());
}

std::uint32_t random_below(std::uint32_t upper) {
  detail::ensure_sodium();
  return randombytes_uniform(upper);
}

}  // namespace corrent::crypto
