#include "corrent/mse/keys.hpp"

#include <string_view>

#include "corrent/mse/errc.hpp"
#include "corrent/mse/limits.hpp"

namespace corrent::mse {
namespace {

crypto::Sha1Digest hash2(std::string_view tag, std::span<const std::byte> a,
                         std::span<const std::byte> b = {}) {
  crypto::Sha1 h;
  h.update(tag);
  h.update(a);
  if (!b.empty()) h.update(b);
  return h.finish();
}

std::span<const std::byte> bytes_of(const metainfo::InfoHash& ih) { return std::as_bytes(std::span(ih.bytes)); }

}  // namespace

crypto::Sha1Digest req1_hash(const Key& s) { return hash2("req1", s); }
crypto::Sha1Digest req2_hash(const metainfo::InfoHash& skey) { return hash2("req2", bytes_of(skey)); }
crypto::Sha1Digest req3_hash(const Key& s) { return hash2("req3", s); }

crypto::Sha1Digest obfuscated_hash(const metainfo::InfoHash& skey, const Key& s) {
  return unobfuscate(req2_hash(skey), s);  // xor is its own inverse
}

crypto::Sha1Digest unobfuscate(const crypto::Sha1Digest& obfuscated, const Key& s) {
  auto out = obfuscated;
  const auto r3 = req3_hash(s);
  for (std::size_t i = 0; i < out.bytes.size(); ++i) out.bytes[i] ^= r3.bytes[i];
  return out;
}

StreamKeys stream_keys(const Key& s, const metainfo::InfoHash& skey) {
  return {hash2("keyA", s, bytes_of(skey)), hash2("keyB", s, bytes_of(skey))};
}

Result<crypto::Rc4> stream_cipher(const crypto::Sha1Digest& key) {
  auto rc4 = crypto::Rc4::create(std::as_bytes(std::span(key.bytes)));
  if (!rc4) return fail(errc::rc4_unavailable);
  rc4->discard(kRc4Discard);
  return rc4;
}

}  // namespace corrent::mse
