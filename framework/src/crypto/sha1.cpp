#include "corrent/crypto/sha1.hpp"

#include <memory>
#include <new>
#include <string>
#include <stdexcept>

#include <openssl/evp.h>

namespace corrent::crypto {
namespace {

/// OpenSSL failures are bugs or a broken installation, never bad input (see sha1.hpp).
void check(int ok, const char* what) {
  if (ok != 1) throw std::runtime_error(std::string("corrent: OpenSSL SHA-1 ") + what + " failed");
}

/// SHA-1 fetched once: OpenSSL 3 otherwise looks the algorithm up, under a lock, on every
/// EVP_DigestInit_ex, which costs more than hashing a small message. Never freed on
/// purpose: it lives as long as the process.
const EVP_MD* sha1_md() {
  static const EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA1", nullptr);
    if (fetched == nullptr) throw std::runtime_error("corrent: OpenSSL has no SHA-1");
    return fetched;
  }();
  return md;
}

}  // namespace

struct Sha1::Impl {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};

  Impl() {
    if (ctx == nullptr) throw std::bad_alloc();
    check(EVP_DigestInit_ex(ctx.get(), sha1_md(), nullptr), "init");
  }
};

Sha1::Sha1() : impl_(std::make_unique<Impl>()) {}
Sha1::~Sha1() = default;
Sha1::Sha1(Sha1&&) noexcept = default;
Sha1& Sha1::operator=(Sha1&&) noexcept = default;

void Sha1::update(std::span<const std::byte> data) {
  check(EVP_DigestUpdate(impl_->ctx.get(), data.data(), data.size()), "update");
}

void Sha1::update(std::string_view data) {
  update(std::as_bytes(std::span(data.data(), data.size())));
}

Sha1Digest Sha1::finish() {
  Sha1Digest out;
  unsigned int size = 0;
  check(EVP_DigestFinal_ex(impl_->ctx.get(), out.bytes.data(), &size), "final");
  check(size == out.bytes.size() ? 1 : 0, "digest size");
  check(EVP_DigestInit_ex(impl_->ctx.get(), sha1_md(), nullptr), "init");
  return out;
}

Sha1Digest Sha1::digest(std::string_view data) {
  Sha1Digest out;
  unsigned int size = 0;
  check(EVP_Digest(data.data(), data.size(), out.bytes.data(), &size, sha1_md(), nullptr),
        "digest");
  check(size == out.bytes.size() ? 1 : 0, "digest size");
  return out;
}

}  // namespace corrent::crypto
