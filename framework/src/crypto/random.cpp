#include "corrent/crypto/random.hpp"

#include <sodium.h>

#include "crypto/sodium.hpp"

namespace corrent::crypto {

void random_bytes(std::span<std::byte> out) {
  detail::ensure_sodium();
  randombytes_buf(out.data(), out.size());
}

std::uint32_t random_below(std::uint32_t upper) {
  detail::ensure_sodium();
  return randombytes_uniform(upper);
}

}  // namespace corrent::crypto
