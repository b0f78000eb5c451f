// Known-answer tests for the MSE/PE key derivation and RC4. The expected values come from
// tests/unit/mse/make_vectors.py, which computes them from the spec with Python's own
// integers, hashlib and an RC4 written out there, independently of this code.
#include <boost/test/unit_test.hpp>

#include "corrent/crypto/rc4.hpp"
#include "corrent/mse/errc.hpp"
#include "corrent/mse/key_exchange.hpp"
#include "corrent/mse/keys.hpp"
#include "mse_test_util.hpp"

namespace {

using namespace corrent::mse;
using mse_test::hex;

const PrivateKey kXa = mse_test::sequence<kPrivateKeyLength>(0x01);
const PrivateKey kXb = mse_test::sequence<kPrivateKeyLength>(0xA0);

constexpr std::string_view kYa =
    "96e112dab29e8c5272accb9b17b26887ce54a144a4e3b697c7d159b7a817e556b0918db2b4c658e02a87f7e5fb14b18a"
    "553e084cbf3dad2d30f16596ccb982d406258c61b30c5c1dae2ddc60bdbd48d79896312aad63238c39e1a633821eb693";
constexpr std::string_view kYb =
    "84b23a1e8480b595426889ed448dfc92dc2c293006e0cf39657f70c3eca33cb50bd62ca343a558ca8489018d6986a1d3"
    "47686b3343453259367421bd5cf35c60d834afa278f71223a4c79cdb9a1bc918e09099b4f5aabd652c226edbb75f88f7";
constexpr std::string_view kS =
    "1aea23a0431eeac96cfe444068c2674f97b4ac97054382d31445f162f8b1e576cf94207839779de0a37f42501cf32122"
    "6af0d346b0b7cdb8ff4a0123b228b38dc7e696ead6b6f17264c28d21f1dc74536a94993f7943401a06e4b2f99febf21a";

Key to_key(std::string_view h) {
  Key k{};
  const auto b = mse_test::unhex(h);
  std::copy(b.begin(), b.end(), k.begin());
  return k;
}

std::string keystream(const corrent::crypto::Sha1Digest& key, std::size_t n) {
  auto rc4 = stream_cipher(key);
  BOOST_REQUIRE(rc4.has_value());
  std::vector<std::byte> zeros(n);
  rc4->apply(zeros);
  return hex(zeros);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mse_key_derivation)

BOOST_AUTO_TEST_CASE(rc4_matches_rfc6229) {
  const std::vector<std::byte> key = mse_test::unhex("0102030405");
  auto rc4 = corrent::crypto::Rc4::create(key);
  BOOST_REQUIRE(rc4.has_value());
  std::vector<std::byte> zeros(16);
  rc4->apply(zeros);
  BOOST_TEST(hex(zeros) == "b2396305f03dc027ccc3524a0a1118a8");
}

BOOST_AUTO_TEST_CASE(rc4_discard_equals_applying) {
  const std::vector<std::byte> key = mse_test::unhex("0102030405");
  auto a = corrent::crypto::Rc4::create(key);
  auto b = corrent::crypto::Rc4::create(key);
  BOOST_REQUIRE(a && b);
  std::vector<std::byte> x(1100), y(1100);
  a->apply(x);
  b->discard(1000);
  b->apply(std::span(y).first(100));
  BOOST_TEST(hex(std::span(x).subspan(1000)) == hex(std::span(y).first(100)));
}

BOOST_AUTO_TEST_CASE(diffie_hellman_matches_vectors) {
  BOOST_TEST(hex(public_key(kXa)) == kYa);
  BOOST_TEST(hex(public_key(kXb)) == kYb);
  const auto s_a = shared_secret(kXa, to_key(kYb));
  const auto s_b = shared_secret(kXb, to_key(kYa));
  BOOST_REQUIRE(s_a && s_b);
  BOOST_TEST(hex(*s_a) == kS);
  BOOST_TEST(hex(*s_b) == kS);
}

BOOST_AUTO_TEST_CASE(hashes_and_keys_match_vectors) {
  const Key s = to_key(kS);
  const auto skey = mse_test::info_hash(0x5A);
  BOOST_TEST(req1_hash(s).hex() == "cd2c416b7ef2eda2576f714f8293a5fcaa97f838");
  BOOST_TEST(req2_hash(skey).hex() == "7be06752bce4bb31f0840f8e487d7dc59c426740");
  BOOST_TEST(obfuscated_hash(skey, s).hex() == "66c221d4c91576693786be491b8a059d39b978ce");
  BOOST_TEST(unobfuscate(obfuscated_hash(skey, s), s).hex() == req2_hash(skey).hex());
  const auto keys = stream_keys(s, skey);
  BOOST_TEST(keys.key_a.hex() == "f2d47ab78cd03e7dd2f39bb5f15025131f5068e1");
  BOOST_TEST(keys.key_b.hex() == "c52c69ee8e366af8cb57c5c447ed5a7d0212499b");
  // The stream ciphers start after 1024 discarded bytes.
  BOOST_TEST(keystream(keys.key_a, 16) == "89f50427135b07a59558ae8f90d52d12");
  BOOST_TEST(keystream(keys.key_b, 16) == "931c794cfcb5d98b1c809ccc081e9f11");
}

BOOST_AUTO_TEST_CASE(degenerate_public_keys_are_refused) {
  Key zero{};
  Key one{};
  one.back() = std::byte{1};
  Key p_minus_1 = prime();
  p_minus_1.back() = std::byte{0x62};
  Key all_ones{};
  all_ones.fill(std::byte{0xFF});  // above P
  for (const Key& y : {zero, one, p_minus_1, prime(), all_ones}) {
    const auto s = shared_secret(kXa, y);
    BOOST_REQUIRE(!s.has_value());
    BOOST_TEST((s.error() == errc::bad_public_key));
  }
  Key two{};
  two.back() = std::byte{2};
  BOOST_TEST(shared_secret(kXa, two).has_value());  // the smallest valid key
  Key p_minus_2 = prime();
  p_minus_2.back() = std::byte{0x61};
  BOOST_TEST(shared_secret(kXa, p_minus_2).has_value());  // the largest
}

BOOST_AUTO_TEST_SUITE_END()
