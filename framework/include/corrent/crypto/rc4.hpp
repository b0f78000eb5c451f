#pragma once
// RC4, the stream cipher of message stream encryption (MSE/PE), through OpenSSL's EVP
// interface. OpenSSL 3 keeps RC4 in its "legacy" provider: it is loaded into a library
// context of corrent's own (with the default provider beside it), so the process-wide
// context and what it offers stay untouched.

#include <cstddef>
#include <memory>
#include <span>

#include "corrent/core/result.hpp"

namespace corrent::crypto {

/// One direction of an RC4 stream: a key schedule and its position in the keystream.
/// Move-only. RC4 is symmetric: apply() encrypts and decrypts alike.
class Rc4 {
 public:
  /// A cipher keyed with `key` (1..256 bytes). Fails with std::errc::function_not_supported
  /// when OpenSSL cannot give RC4 (no legacy provider installed), with
  /// std::errc::invalid_argument for a bad key length.
  [[nodiscard]] static Result<Rc4> create(std::span<const std::byte> key);

  ~Rc4();
  Rc4(Rc4&&) noexcept;
  Rc4& operator=(Rc4&&) noexcept;
  Rc4(const Rc4&) = delete;
  Rc4& operator=(const Rc4&) = delete;

  /// XORs `data` in place with the next data.size() keystream bytes.
  void apply(std::span<std::byte> data);
  /// Advances the keystream by `n` bytes without using them.
  void discard(std::size_t n);

 private:
  struct Impl;
  explicit Rc4(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace corrent::crypto
