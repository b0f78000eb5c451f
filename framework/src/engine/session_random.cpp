#include "session_random.hpp"

#include "corrent/crypto/random.hpp"

namespace corrent::engine {

SessionRandom::SessionRandom(std::optional<std::uint64_t> seed) {
  if (seed) fixed_.emplace(*seed);
}

std::uint64_t SessionRandom::next64() {
  if (fixed_) return (*fixed_)();
  return (std::uint64_t{crypto::random_below(0xffffffffU)} << 32) | crypto::random_below(0xffffffffU);
}

std::uint32_t SessionRandom::below(std::uint32_t upper) {
  if (upper == 0) return 0;
  if (!fixed_) return crypto::random_below(upper);
  // Modulo bias is at most upper / 2^64: nothing here needs better.
  return static_cast<std::uint32_t>((*fixed_)() % upper);
}

}  // namespace corrent::engine
