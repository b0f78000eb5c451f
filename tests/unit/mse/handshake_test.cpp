// The sans-I/O handshake: two machines talking through byte vectors, in chunks of every
// size, with both methods; then each class of bad input, which must end in its own error.
#include <boost/test/unit_test.hpp>

#include "corrent/mse/errc.hpp"
#include "corrent/mse/handshake.hpp"
#include "corrent/mse/messages.hpp"
#include "mse_test_util.hpp"

namespace {

using namespace corrent::mse;
using corrent::Result;

const auto kTorrent = mse_test::info_hash(0x5A);
const std::vector<std::byte> kPayload = [] {
  std::vector<std::byte> p(68);
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = std::byte(static_cast<unsigned char>(i * 7));
  return p;
}();

struct Outcome {
  Result<bool> a = false;
  Result<bool> b = false;
  std::optional<Negotiated> a_result, b_result;
};

// Feeds `bytes` to `m` in pieces of `chunk` bytes; stops at an error or at done.
template <class M>
Result<bool> feed_chunks(M& m, const std::vector<std::byte>& bytes, std::size_t chunk) {
  Result<bool> r = false;
  for (std::size_t i = 0; i < bytes.size(); i += chunk) {
    r = m.feed(std::span(bytes).subspan(i, std::min(chunk, bytes.size() - i)));
    if (!r || *r) return r;
  }
  return r;
}

// Runs A and B to the end; `tamper_a` edits what A sends (step 1 then step 3), `tamper_b`
// what B sends, before the other side sees it.
template <class TA, class TB>
Outcome exchange(Initiator& a, Receiver& b, std::size_t chunk, TA tamper_a, TB tamper_b) {
  Outcome o;
  for (int round = 0; round < 4; ++round) {
    auto from_a = a.take_output();
    tamper_a(round, from_a);
    if (!from_a.empty()) {
      o.b = feed_chunks(b, from_a, chunk);
      if (!o.b) return o;
    }
    auto from_b = b.take_output();
    tamper_b(round, from_b);
    if (!from_b.empty()) {
      o.a = feed_chunks(a, from_b, chunk);
      if (!o.a) return o;
    }
    if (o.a && *o.a && o.b && *o.b) {
      o.a_result = a.take_result();
      o.b_result = b.take_result();
      return o;
    }
  }
  return o;
}

Outcome exchange(Initiator& a, Receiver& b, std::size_t chunk = 1 << 20) {
  auto none = [](int, std::vector<std::byte>&) {};
  return exchange(a, b, chunk, none, none);
}

// Round-trips 100 bytes each way through the negotiated ciphers.
void check_streams(Negotiated& a, Negotiated& b) {
  std::vector<std::byte> msg(100, std::byte{0x42});
  auto wire = msg;
  if (a.encrypt) a.encrypt->apply(wire);
  if (b.decrypt) b.decrypt->apply(wire);
  BOOST_TEST((wire == msg));
  wire = msg;
  if (b.encrypt) b.encrypt->apply(wire);
  if (a.decrypt) a.decrypt->apply(wire);
  BOOST_TEST((wire == msg));
}

std::error_code error_of(const Result<bool>& r) { return r ? std::error_code{} : r.error(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(mse_handshake)

BOOST_AUTO_TEST_CASE(rc4_and_plaintext_in_any_chunking) {
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{97}, std::size_t{1} << 20}) {
    for (const auto policy : {EncryptionPolicy::enabled, EncryptionPolicy::forced}) {
      BOOST_TEST_CONTEXT("chunk " << chunk << " policy " << to_string(policy)) {
        Initiator a(kTorrent, crypto_provide(policy), kPayload, mse_test::options(1, 13, 200));
        Receiver b(mse_test::lookup_for(kTorrent), EncryptionPolicy::enabled, mse_test::options(9, 300, 5));
        auto o = exchange(a, b, chunk);
        BOOST_REQUIRE(o.a_result.has_value());
        BOOST_TEST(o.a_result->method == kCryptoRc4);  // RC4 is preferred when offered
        BOOST_TEST(o.b_result->method == kCryptoRc4);
        BOOST_TEST((o.b_result->received == kPayload));  // the IA, decrypted
        BOOST_TEST((o.b_result->info_hash == kTorrent));
        check_streams(*o.a_result, *o.b_result);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(plaintext_selected_when_only_offered) {
  Initiator a(kTorrent, kCryptoPlaintext, kPayload, mse_test::options(1, 0, 0));
  Receiver b(mse_test::lookup_for(kTorrent), EncryptionPolicy::enabled, mse_test::options(9, 0, 0));
  auto o = exchange(a, b);
  BOOST_REQUIRE(o.a_result.has_value());
  BOOST_TEST(o.a_result->method == kCryptoPlaintext);
  BOOST_TEST(!o.a_result->encrypt.has_value());
  BOOST_TEST(!o.b_result->decrypt.has_value());
  BOOST_TEST((o.b_result->received == kPayload));  // the IA is always RC4, and decrypted
}

BOOST_AUTO_TEST_CASE(pads_at_their_limit_synchronise) {
  Initiator a(kTorrent, kCryptoRc4, {}, mse_test::options(1, kMaxPadLength, kMaxPadLength));
  Receiver b(mse_test::lookup_for(kTorrent), EncryptionPolicy::forced,
             mse_test::options(9, kMaxPadLength, kMaxPadLength));
  auto o = exchange(a, b, 3);
  BOOST_REQUIRE(o.a_result.has_value());
  BOOST_TEST(o.b_result->received.empty());
}

BOOST_AUTO_TEST_CASE(req1_one_byte_past_its_bound_is_no_sync) {
  // PadA of 512 plus one stray byte: HASH('req1', S) ends at byte 629 > kReq1SearchBound.
  Initiator a(kTorrent, kCryptoRc4, {}, mse_test::options(1, kMaxPadLength, 0));
  Receiver b(mse_test::lookup_for(kTorrent), EncryptionPolicy::forced, mse_test::options(9, 0, 0));
  auto extra = [](int round, std::vector<std::byte>& out) {
    if (round == 0) out.push_back(std::byte{0});
  };
  auto o = exchange(a, b, 5, extra, [](int, std::vector<std::byte>&) {});
  BOOST_TEST((error_of(o.b) == errc::no_sync));
}

BOOST_AUTO_TEST_CASE(vc_one_byte_past_its_bound_is_no_sync) {
  Initiator a(kTorrent, kCryptoRc4, {}, mse_test::options(1, 0, 0));
  Receiver b(mse_test::lookup_for(kTorrent), EncryptionPolicy::forced, mse_test::options(9, kMaxPadLength, 0));
  // PadB of 512 plus one byte: B's ENCRYPT(VC) ends at 617 > kVcSearchBound.
  auto extra = [](int round, std::vector<std::byte>& out) {
    if (round == 0) out.insert(out.begin() + kKeyLength, std::byte{0});
  };
  auto o = exchange(a, b, 11, [](int, std::vector<std::byte>&) {}, extra);
  BOOST_TEST((error_of(o.a) == errc::no_sync));
}

BOOST_AUTO_TEST_CASE(garbage_is_no_sync_within_the_bound) {
  Receiver b(mse_test::lookup_for(kTorrent), EncryptionPolicy::enabled, mse_test::options(9, 0, 0));
  std::vector<std::byte> garbage(kReq1SearchBound - 1, std::byte{0x77});
  BOOST_TEST((b.feed(garbage) == Result<bool>(false)));  // could still come
  std::vector<std::byte> one(1, std::byte{0x77});
  BOOST_TEST((error_of(b.feed(one)) == errc::no_sync));  // now it cannot
}

BOOST_AUTO_TEST_CASE(short_input_waits_without_error) {
  Initiator a(kTorrent, kCryptoRc4, {}, mse_test::options(1, 0, 0));
  Receiver b(mse_test::lookup_for(kTorrent), EncryptionPolicy::enabled, mse_test::options(9, 0, 0));
  auto step1 = a.take_output();
  step1.pop_back();  // Ya short of one byte
  BOOST_TEST((b.feed(step1) == Result<bool>(false)));
  BOOST_TEST(b.take_output().empty());  // no Yb before Ya is whole
}

BOOST_AUTO_TEST_CASE(zero_public_key_is_refused) {
  Receiver b(mse_test::lookup_for(kTorrent), EncryptionPolicy::enabled, mse_test::options(9, 0, 0));
  std::vector<std::byte> ya(kKeyLength, std::byte{0});
  BOOST_TEST((error_of(b.feed(ya)) == errc::bad_public_key));
}

// Step 3 after Ya (96, no PadA): req1 (20), obfuscated hash (20), then the encrypted VC
// (8), crypto_provide (4), len(PadC) (2). RC4 is a stream cipher: flipping a ciphertext
// bit flips the same plaintext bit, so these edits reach the fields behind the cipher.
constexpr std::size_t kStep3Vc = 40;
constexpr std::size_t kStep3Provide = 48;
constexpr std::size_t kStep3PadLength = 52;

Outcome tampered_step3(std::size_t at, std::byte mask, std::uint32_t provide, EncryptionPolicy policy) {
  Initiator a(kTorrent, provide, {}, mse_test::options(1, 0, 0));
  Receiver b(mse_test::lookup_for(kTorrent), policy, mse_test::options(9, 0, 0));
  auto flip = [at, mask](int round, std::vector<std::byte>& out) {
    if (round == 1 && out.size() > at) out[at] ^= mask;
  };
  return exchange(a, b, 1 << 20, flip, [](int, std::vector<std::byte>&) {});
}

BOOST_AUTO_TEST_CASE(wrong_vc_is_refused) {
  auto o = tampered_step3(kStep3Vc + 3, std::byte{0x10}, kCryptoRc4, EncryptionPolicy::enabled);
  BOOST_TEST((error_of(o.b) == errc::bad_vc));
}

BOOST_AUTO_TEST_CASE(over_long_padding_is_refused) {
  // len(PadC) 0 -> 0x0200 (512) is the limit and passes; 0x0201 does not.
  auto at_limit = tampered_step3(kStep3PadLength, std::byte{0x02}, kCryptoRc4, EncryptionPolicy::enabled);
  BOOST_TEST(error_of(at_limit.b) != std::error_code(errc::bad_pad_length));
  Initiator a(kTorrent, kCryptoRc4, {}, mse_test::options(1, 0, 0));
  Receiver b(mse_test::lookup_for(kTorrent), EncryptionPolicy::enabled, mse_test::options(9, 0, 0));
  auto flip = [](int round, std::vector<std::byte>& out) {
    if (round == 1) {
      out[kStep3PadLength] ^= std::byte{0x02};
      out[kStep3PadLength + 1] ^= std::byte{0x01};
    }
  };
  auto o = exchange(a, b, 1 << 20, flip, [](int, std::vector<std::byte>&) {});
  BOOST_TEST((error_of(o.b) == errc::bad_pad_length));
}

BOOST_AUTO_TEST_CASE(no_common_method_is_refused) {
  // A forced receiver and an initiator offering plaintext only.
  Initiator a(kTorrent, kCryptoPlaintext, {}, mse_test::options(1, 0, 0));
  Receiver b(mse_test::lookup_for(kTorrent), EncryptionPolicy::forced, mse_test::options(9, 0, 0));
  auto o = exchange(a, b);
  BOOST_TEST((error_of(o.b) == errc::no_common_method));
}

BOOST_AUTO_TEST_CASE(crypto_select_not_offered_is_refused) {
  // A offers RC4 only; the provide field is turned into plaintext on the way (0x02 ^ 0x03),
  // so B selects plaintext, which A never offered.
  auto o = tampered_step3(kStep3Provide + 3, std::byte{0x03}, kCryptoRc4, EncryptionPolicy::enabled);
  BOOST_TEST((error_of(o.a) == errc::bad_crypto_select));
}

BOOST_AUTO_TEST_CASE(unknown_torrent_is_refused) {
  Initiator a(mse_test::info_hash(0x11), kCryptoRc4, {}, mse_test::options(1, 0, 0));
  Receiver b(mse_test::lookup_for(kTorrent), EncryptionPolicy::enabled, mse_test::options(9, 0, 0));
  auto o = exchange(a, b);
  BOOST_TEST((error_of(o.b) == errc::unknown_info_hash));
}

BOOST_AUTO_TEST_CASE(find_sync_bounds) {
  std::vector<std::byte> hay(100, std::byte{0});
  const std::vector<std::byte> pat{std::byte{1}, std::byte{2}};
  hay[50] = std::byte{1};
  hay[51] = std::byte{2};
  BOOST_TEST(find_sync(hay, pat, 10, 52).found.value_or(0) == 50u);  // ends exactly at the bound
  const auto past = find_sync(hay, pat, 10, 51);
  BOOST_TEST(!past.found.has_value());
  BOOST_TEST(past.exhausted);
  const auto early = find_sync(std::span(hay).first(40), pat, 10, 52);
  BOOST_TEST(!early.found.has_value());
  BOOST_TEST(!early.exhausted);
}

BOOST_AUTO_TEST_SUITE_END()
