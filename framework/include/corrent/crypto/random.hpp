#pragma once
// Cryptographically secure randomness (libsodium): peer ids, tokens, keys, and any choice
// an adversary must not predict.

#include <cstddef>
#include <cstdint>
#include <span>

namespace corrent::crypto {

/// Fills `out` with random bytes. Thread-safe.
void random_bytes(std::span<std::byte> out);

/// A uniformly distributed integer in [0, upper), without modulo bias. Returns 0 when
/// `upper` is 0 or 1. Thread-safe.
[[nodiscard]] std::uint32_t random_below(std::uint32_t upper);

}  // namespace corrent::crypto
