#include "corrent/crypto/rc4.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <new>
#include <stdexcept>
#include <system_error>

#include <openssl/evp.h>
#include <openssl/provider.h>

namespace corrent::crypto {
namespace {

/// RC4 fetched once from a library context holding the legacy and default providers.
/// Never freed on purpose: it lives as long as the process. nullptr when the legacy
/// provider is missing (then every create() fails with a value, not an exception).
const EVP_CIPHER* rc4_cipher() {
  static const EVP_CIPHER* const cipher = []() -> const EVP_CIPHER* {
    OSSL_LIB_CTX* ctx = OSSL_LIB_CTX_new();
    if (ctx == nullptr) return nullptr;
    if (OSSL_PROVIDER_load(ctx, "legacy") == nullptr) return nullptr;
    if (OSSL_PROVIDER_load(ctx, "default") == nullptr) return nullptr;
    return EVP_CIPHER_fetch(ctx, "RC4", nullptr);
  }();
  return cipher;
}

void check(int ok, const char* what) {
  if (ok != 1) throw std::runtime_error(std::string("corrent: OpenSSL RC4 ") + what + " failed");
}

}  // namespace

struct Rc4::Impl {
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx{EVP_CIPHER_CTX_new(),
                                                                      &EVP_CIPHER_CTX_free};
};

Rc4::Rc4(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Rc4::~Rc4() = default;
Rc4::Rc4(Rc4&&) noexcept = default;
Rc4& Rc4::operator=(Rc4&&) noexcept = default;

Result<Rc4> Rc4::create(std::span<const std::byte> key) {
  if (key.empty() || key.size() > 256) return tl::make_unexpected(std::make_error_code(std::errc::invalid_argument));
  const EVP_CIPHER* cipher = rc4_cipher();
  if (cipher == nullptr) return tl::make_unexpected(std::make_error_code(std::errc::function_not_supported));
  auto impl = std::make_unique<Impl>();
  if (impl->ctx == nullptr) throw std::bad_alloc();
  auto* ctx = impl->ctx.get();
  // The key length is set before the key: RC4's default is 16 bytes, MSE's keys are 20.
  check(EVP_EncryptInit_ex2(ctx, cipher, nullptr, nullptr, nullptr), "init");
  check(EVP_CIPHER_CTX_set_key_length(ctx, static_cast<int>(key.size())), "key length");
  check(EVP_EncryptInit_ex2(ctx, nullptr, reinterpret_cast<const unsigned char*>(key.data()), nullptr,
                            nullptr),
        "key");
  return Rc4(std::move(impl));
}

void Rc4::apply(std::span<std::byte> data) {
  while (!data.empty()) {
    const int n = static_cast<int>(std::min<std::size_t>(data.size(), INT_MAX / 2));
    int out = 0;
    auto* p = reinterpret_cast<unsigned char*>(data.data());
    check(EVP_EncryptUpdate(impl_->ctx.get(), p, &out, p, n), "update");
    data = data.subspan(static_cast<std::size_t>(n));
  }
}

void Rc4::discard(std::size_t n) {
  std::array<std::byte, 256> scratch{};
  while (n > 0) {
    const std::size_t k = std::min(n, scratch.size());
    apply(std::span(scratch).first(k));
    n -= k;
  }
}

}  // namespace corrent::crypto
