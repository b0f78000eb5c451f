#pragma once
// BEP 44 items, sans-I/O: the targets they are stored under, and the ed25519 signature of
// a mutable item (libsodium). An item's value travels as canonical bencode ("v"); here it
// is kept as those encoded bytes, because both the immutable target and the signature
// cover exactly them.
//
//   immutable  target = SHA-1(v)
//   mutable    target = SHA-1(k || salt), signed over  [4:salt<n>:<salt>] 3:seqi<seq>e 1:v<v>
//              (the salt part only when the salt is not empty)
//
//   auto keys = KeyPair::from_seed(seed);
//   auto sig = sign_item(keys, "", 1, "12:Hello World!");
//   verify_item(keys.public_key, sig, "", 1, "12:Hello World!");   // true

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "corrent/bencode/value.hpp"
#include "krpc_message.hpp"
#include "node_id.hpp"

namespace corrent::dht {

/// BEP 44 error codes, beside BEP 5's 201-204 (dht_limits.hpp).
inline constexpr std::int64_t kErrorValueTooBig = 205;       ///< "v" over kMaxItemValueSize
inline constexpr std::int64_t kErrorInvalidSignature = 206;
inline constexpr std::int64_t kErrorSaltTooBig = 207;        ///< over kMaxSaltSize
inline constexpr std::int64_t kErrorCasMismatch = 301;
inline constexpr std::int64_t kErrorSequenceTooOld = 302;    ///< seq less than the stored one

/// The 32 secret bytes an ed25519 key pair is made from (libsodium's seed; what
/// `corrent dht put` keeps in its key file).
using KeySeed = std::array<std::uint8_t, 32>;

/// An ed25519 key pair in libsodium's form: the secret key is the seed followed by the
/// public key.
struct KeyPair {
  PublicKey public_key{};
  std::array<std::uint8_t, 64> secret_key{};

  /// The pair made from `seed` (the same seed always gives the same pair).
  [[nodiscard]] static KeyPair from_seed(const KeySeed& seed);
  /// A pair from a fresh random seed.
  [[nodiscard]] static KeyPair generate();
  /// The seed this pair was made from (the first half of the secret key).
  [[nodiscard]] KeySeed seed() const;
};

/// The Value of `encoded` if it is exactly one canonical bencode item: a put's "v" is sent
/// as the Value's encoding, and the target's hash or the signature covers `encoded`, so
/// the two must be the same bytes. nullopt for anything else.
[[nodiscard]] std::optional<bencode::Value> canonical_value(std::string_view encoded);
/// Where an immutable item with encoded value `value` is stored: SHA-1 of the value.
[[nodiscard]] NodeId immutable_target(std::string_view value);
/// Where the mutable items of `key` with `salt` are stored: SHA-1 of the key then the salt.
[[nodiscard]] NodeId mutable_target(const PublicKey& key, std::string_view salt);
/// The bytes a mutable item's signature covers.
[[nodiscard]] std::string signature_buffer(std::string_view salt, std::int64_t seq, std::string_view value);
/// The signature of a mutable item by `keys`.
[[nodiscard]] Signature sign_item(const KeyPair& keys, std::string_view salt, std::int64_t seq,
                                  std::string_view value);
/// Whether `signature` is `key`'s signature of the item.
[[nodiscard]] bool verify_item(const PublicKey& key, const Signature& signature, std::string_view salt,
                               std::int64_t seq, std::string_view value);

/// An immutable item: its encoded value (its target is immutable_target(value)).
struct ImmutableItem {
  std::string value;
  friend bool operator==(const ImmutableItem&, const ImmutableItem&) = default;
};

/// A mutable item, as stored and as returned by a get.
struct MutableItem {
  PublicKey key{};
  std::string salt;
  std::int64_t seq = 0;
  std::string value;  ///< canonical bencode
  Signature signature{};
  [[nodiscard]] NodeId target() const { return mutable_target(key, salt); }
  [[nodiscard]] bool verified() const { return verify_item(key, signature, salt, seq, value); }
  friend bool operator==(const MutableItem&, const MutableItem&) = default;
};

}  // namespace corrent::dht
