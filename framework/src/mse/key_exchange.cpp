#include "corrent/mse/key_exchange.hpp"

#include <memory>
#include <new>
#include <stdexcept>

#include <openssl/bn.h>

#include "corrent/crypto/random.hpp"
#include "corrent/mse/errc.hpp"

namespace corrent::mse {
namespace {

using BnPtr = std::unique_ptr<BIGNUM, decltype(&BN_clear_free)>;
using CtxPtr = std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)>;

// The spec's P: 0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A63A36210000000000090563
constexpr std::array<unsigned char, kKeyLength> kPrime = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xC9, 0x0F, 0xDA, 0xA2, 0x21, 0x68, 0xC2, 0x34,
    0xC4, 0xC6, 0x62, 0x8B, 0x80, 0xDC, 0x1C, 0xD1, 0x29, 0x02, 0x4E, 0x08, 0x8A, 0x67, 0xCC, 0x74,
    0x02, 0x0B, 0xBE, 0xA6, 0x3B, 0x13, 0x9B, 0x22, 0x51, 0x4A, 0x08, 0x79, 0x8E, 0x34, 0x04, 0xDD,
    0xEF, 0x95, 0x19, 0xB3, 0xCD, 0x3A, 0x43, 0x1B, 0x30, 0x2B, 0x0A, 0x6D, 0xF2, 0x5F, 0x14, 0x37,
    0x4F, 0xE1, 0x35, 0x6D, 0x6D, 0x51, 0xC2, 0x45, 0xE4, 0x85, 0xB5, 0x76, 0x62, 0x5E, 0x7E, 0xC6,
    0xF4, 0x4C, 0x42, 0xE9, 0xA6, 0x3A, 0x36, 0x21, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x05, 0x63};

BnPtr bn(const unsigned char* data, std::size_t size) {
  BnPtr n(BN_bin2bn(data, static_cast<int>(size), nullptr), &BN_clear_free);
  if (!n) throw std::bad_alloc();
  return n;
}

BnPtr bn(std::span<const std::byte> bytes) {
  return bn(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

Key to_key(const BIGNUM* n) {
  Key out{};
  if (BN_bn2binpad(n, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size())) < 0) {
    throw std::runtime_error("corrent: BN_bn2binpad failed");
  }
  return out;
}

// base^x mod P, with the exponent treated as secret.
Key mod_exp(const BIGNUM* base, const PrivateKey& x) {
  CtxPtr ctx(BN_CTX_new(), &BN_CTX_free);
  if (!ctx) throw std::bad_alloc();
  auto p = bn(kPrime.data(), kPrime.size());
  auto e = bn(x);
  BN_set_flags(e.get(), BN_FLG_CONSTTIME);
  BnPtr r(BN_new(), &BN_clear_free);
  if (!r) throw std::bad_alloc();
  if (BN_mod_exp(r.get(), base, e.get(), p.get(), ctx.get()) != 1) {
    throw std::runtime_error("corrent: BN_mod_exp failed");
  }
  return to_key(r.get());
}

}  // namespace

const Key& prime() noexcept {
  static const Key p = [] {
    Key k{};
    for (std::size_t i = 0; i < k.size(); ++i) k[i] = std::byte{kPrime[i]};
    return k;
  }();
  return p;
}

PrivateKey random_private_key() {
  PrivateKey x{};
  crypto::random_bytes(x);
  return x;
}

Key public_key(const PrivateKey& x) {
  BnPtr g(BN_new(), &BN_clear_free);
  if (!g || BN_set_word(g.get(), 2) != 1) throw std::bad_alloc();
  return mod_exp(g.get(), x);
}

Result<Key> shared_secret(const PrivateKey& x, const Key& peer_public) {
  auto y = bn(peer_public);
  auto p = bn(kPrime.data(), kPrime.size());
  BnPtr p_minus_1(BN_dup(p.get()), &BN_clear_free);
  if (!p_minus_1 || BN_sub_word(p_minus_1.get(), 1) != 1) throw std::bad_alloc();
  if (BN_is_zero(y.get()) || BN_is_one(y.get()) || BN_cmp(y.get(), p_minus_1.get()) >= 0) {
    return fail(errc::bad_public_key);
  }
  return mod_exp(y.get(), x);
}

}  // namespace corrent::mse
