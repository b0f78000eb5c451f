// BEP 44 targets and signatures (item.hpp). libsodium's ed25519 is the one libtorrent's
// signatures are checked against: the same seed gives the same key and signatures.
#include "item.hpp"

#include <cstring>

#include <sodium.h>

#include "corrent/bencode/decode.hpp"
#include "corrent/bencode/encode.hpp"
#include "corrent/crypto/sha1.hpp"
#include "dht_random.hpp"

namespace corrent::dht {
namespace {

const unsigned char* bytes_of(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// sodium_init() is idempotent and thread-safe; it must run once before the sign calls.
void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
}

}  // namespace

static_assert(crypto_sign_PUBLICKEYBYTES == std::tuple_size_v<PublicKey>);
static_assert(crypto_sign_SECRETKEYBYTES == 64);
static_assert(crypto_sign_SEEDBYTES == std::tuple_size_v<KeySeed>);
static_assert(crypto_sign_BYTES == std::tuple_size_v<Signature>);

KeyPair KeyPair::from_seed(const KeySeed& seed) {
  ensure_sodium();
  KeyPair keys;
  crypto_sign_seed_keypair(keys.public_key.data(), keys.secret_key.data(), seed.data());
  return keys;
}

KeyPair KeyPair::generate() { return from_seed(random_array<32>()); }

KeySeed KeyPair::seed() const {
  KeySeed seed;
  std::memcpy(seed.data(), secret_key.data(), seed.size());
  return seed;
}

std::optional<bencode::Value> canonical_value(std::string_view encoded) {
  auto document = bencode::decode(encoded);
  if (!document) return std::nullopt;
  auto value = bencode::to_value(document->root());
  if (bencode::encode(value) != encoded) return std::nullopt;
  return value;
}

NodeId immutable_target(std::string_view value) { return NodeId{crypto::Sha1::digest(value).bytes}; }

NodeId mutable_target(const PublicKey& key, std::string_view salt) {
  crypto::Sha1 sha;
  sha.update(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
  sha.update(salt);
  return NodeId{sha.finish().bytes};
}

std::string signature_buffer(std::string_view salt, std::int64_t seq, std::string_view value) {
  std::string out;
  if (!salt.empty()) {
    out += "4:salt";
    out += std::to_string(salt.size());
    out += ':';
    out += salt;
  }
  out += "3:seqi";
  out += std::to_string(seq);
  out += "e1:v";
  out += value;
  return out;
}

Signature sign_item(const KeyPair& keys, std::string_view salt, std::int64_t seq, std::string_view value) {
  ensure_sodium();
  const auto message = signature_buffer(salt, seq, value);
  Signature signature{};
  crypto_sign_detached(signature.data(), nullptr, bytes_of(message), message.size(), keys.secret_key.data());
  return signature;
}

bool verify_item(const PublicKey& key, const Signature& signature, std::string_view salt, std::int64_t seq,
                 std::string_view value) {
  ensure_sodium();
  const auto message = signature_buffer(salt, seq, value);
  return crypto_sign_verify_detached(signature.data(), bytes_of(message), message.size(), key.data()) == 0;
}

}  // namespace corrent::dht
