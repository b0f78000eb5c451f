#include "corrent/crypto/sha256.hpp"

#include <sodium.h>

#include "crypto/sodium.hpp"

namespace corrent::crypto {

static_assert(crypto_hash_sha256_BYTES == std::tuple_size_v<decltype(Sha256Digest::bytes)>);

struct Sha256::Impl {
  crypto_hash_sha256_state state;

  Impl() { crypto_hash_sha256_init(&state); }
};

Sha256::Sha256() {
  detail::ensure_sodium();
  impl_ = std::make_unique<Impl>();
}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::span<const std::byte> data) {
  crypto_hash_sha256_update(&impl_->state, reinterpret_cast<const unsigned char*>(data.data()),
                            data.size());
}

void Sha256::update(std::string_view data) {
  update(std::as_bytes(std::span(data.data(), data.size())));
}

Sha256Digest Sha256::finish() {
  Sha256Digest out;
  crypto_hash_sha256_final(&impl_->state, out.bytes.data());
  crypto_hash_sha256_init(&impl_->state);
  return out;
}

Sha256Digest Sha256::digest(std::string_view data) {
  detail::ensure_sodium();
  Sha256Digest out;
  crypto_hash_sha256(out.bytes.data(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  return out;
}

}  // namespace corrent::crypto
