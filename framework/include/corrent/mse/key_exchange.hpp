#pragma once
// The Diffie-Hellman half of MSE/PE: the spec's 768-bit prime P and generator 2, with
// OpenSSL's BIGNUM for the modular exponentiation (constant time in the private key).

#include <array>
#include <cstddef>
#include <span>

#include "corrent/core/result.hpp"
#include "corrent/mse/limits.hpp"

namespace corrent::mse {

/// A public key Y or a shared secret S: 96 bytes, big-endian, left-padded with zeros.
using Key = std::array<std::byte, kKeyLength>;
/// A private key X: 160 random bits.
using PrivateKey = std::array<std::byte, kPrivateKeyLength>;

/// The prime P of the spec, big-endian.
[[nodiscard]] const Key& prime() noexcept;

/// A fresh random private key (libsodium).
[[nodiscard]] PrivateKey random_private_key();

/// Y = 2^X mod P.
[[nodiscard]] Key public_key(const PrivateKey& x);

/// S = Y^X mod P for the peer's public key Y. errc::bad_public_key when Y <= 1 or
/// Y >= P - 1 (such keys make S guessable).
[[nodiscard]] Result<Key> shared_secret(const PrivateKey& x, const Key& peer_public);

}  // namespace corrent::mse
