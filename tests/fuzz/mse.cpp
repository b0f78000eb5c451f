// The MSE/PE handshake parser on arbitrary bytes, with fixed keys so runs reproduce.
// The first byte picks the mode and the chunk size the rest arrives in:
//  - mode 0: the bytes are what an initiator sent to our receiver;
//  - mode 1: the bytes are what a receiver answered our initiator;
//  - mode 2: an honest initiator and receiver talk, and the bytes are XOR masks over what
//    the initiator sends (step 1 and step 3): RC4 being a stream cipher, flips reach the
//    encrypted fields (VC, crypto_provide, len(PadC), len(IA)) behind it.
// Whatever happens must end in a value (never a crash), buffers stay bounded, and a
// handshake that completes must leave consistent ends.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "corrent/mse/handshake.hpp"
#include "corrent/mse/keys.hpp"

namespace {

using namespace corrent::mse;

corrent::metainfo::InfoHash torrent() {
  corrent::metainfo::InfoHash ih;
  ih.bytes.fill(0x5A);
  return ih;
}

HandshakeOptions fixed(unsigned char seed, std::size_t pad) {
  HandshakeOptions o;
  for (std::size_t i = 0; i < o.private_key.size(); ++i) o.private_key[i] = std::byte(static_cast<unsigned char>(seed + i));
  o.key_pad_length = pad;
  o.crypto_pad_length = pad;
  return o;
}

Receiver::Lookup lookup() {
  return [](const corrent::crypto::Sha1Digest& req2) -> std::optional<corrent::metainfo::InfoHash> {
    if (req2 == req2_hash(torrent())) return torrent();
    return std::nullopt;
  };
}

template <class M>
void feed_all(M& m, std::span<const std::byte> data, std::size_t chunk) {
  for (std::size_t i = 0; i < data.size(); i += chunk) {
    const auto r = m.feed(data.subspan(i, std::min(chunk, data.size() - i)));
    if (!r || *r) return;
  }
}

void honest_with_flips(std::span<const std::byte> masks, std::size_t chunk) {
  Initiator a(torrent(), kCryptoRc4 | kCryptoPlaintext, std::vector<std::byte>(68, std::byte{7}), fixed(1, 3));
  Receiver b(lookup(), EncryptionPolicy::enabled, fixed(9, 2));
  std::size_t used = 0;
  for (int round = 0; round < 3; ++round) {
    auto out = a.take_output();
    for (std::size_t i = 0; i < out.size() && used < masks.size(); ++i) out[i] ^= masks[used++];
    auto rb = b.feed(out);
    if (!rb) return;
    const auto back = b.take_output();
    std::size_t n = 0;
    for (std::size_t i = 0; i < back.size(); i += chunk) {
      auto ra = a.feed(std::span(back).subspan(i, std::min(chunk, back.size() - i)));
      if (!ra) return;
      n += *ra ? 1 : 0;
    }
    if (*rb && n > 0) {
      auto ea = a.take_result();
      auto eb = b.take_result();
      if (ea.method != eb.method) std::abort();
      return;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 8192) return 0;
  const auto mode = data[0] % 3;
  const std::size_t chunk = 1 + (data[0] >> 2) * 17;
  const auto rest = std::as_bytes(std::span(data + 1, size - 1));
  if (mode == 0) {
    Receiver b(lookup(), EncryptionPolicy::enabled, fixed(9, 0));
    feed_all(b, rest, chunk);
  } else if (mode == 1) {
    Initiator a(torrent(), kCryptoRc4 | kCryptoPlaintext, {}, fixed(1, 0));
    (void)a.take_output();
    feed_all(a, rest, chunk);
  } else {
    honest_with_flips(rest, chunk);
  }
  return 0;
}
