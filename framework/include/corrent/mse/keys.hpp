#pragma once
// What MSE/PE derives from the shared secret S and the info-hash (SKEY): the
// synchronisation hash, the obfuscated info-hash and the two RC4 keys.

#include <span>

#include "corrent/core/result.hpp"
#include "corrent/crypto/rc4.hpp"
#include "corrent/crypto/sha1.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/mse/key_exchange.hpp"

namespace corrent::mse {

/// HASH('req1', S): the pattern the receiver synchronises on.
[[nodiscard]] crypto::Sha1Digest req1_hash(const Key& s);
/// HASH('req2', SKEY): what the receiver compares against each of its torrents.
[[nodiscard]] crypto::Sha1Digest req2_hash(const metainfo::InfoHash& skey);
/// HASH('req3', S).
[[nodiscard]] crypto::Sha1Digest req3_hash(const Key& s);
/// HASH('req2', SKEY) xor HASH('req3', S), as the initiator sends it.
[[nodiscard]] crypto::Sha1Digest obfuscated_hash(const metainfo::InfoHash& skey, const Key& s);
/// The receiver's inverse: from the obfuscated hash back to HASH('req2', SKEY).
[[nodiscard]] crypto::Sha1Digest unobfuscate(const crypto::Sha1Digest& obfuscated, const Key& s);

/// The RC4 keys: HASH('keyA', S, SKEY) encrypts what the initiator (A) sends,
/// HASH('keyB', S, SKEY) what the receiver (B) sends.
struct StreamKeys {
  crypto::Sha1Digest key_a;
  crypto::Sha1Digest key_b;
};
[[nodiscard]] StreamKeys stream_keys(const Key& s, const metainfo::InfoHash& skey);

/// RC4 keyed with `key`, its first kRc4Discard keystream bytes thrown away, as MSE uses
/// it. errc::rc4_unavailable when OpenSSL cannot give RC4.
[[nodiscard]] Result<crypto::Rc4> stream_cipher(const crypto::Sha1Digest& key);

}  // namespace corrent::mse
