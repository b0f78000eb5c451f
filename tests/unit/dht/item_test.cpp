// BEP 44 items: targets and ed25519 signatures, with the BEP's test vectors.
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <string>

#include "corrent/core/encoding.hpp"
#include "item.hpp"
#include "item_test_support.hpp"

namespace {

namespace dht = corrent::dht;
using item_test::array_from_hex;

std::string hex_of(const auto& bytes) {
  return corrent::to_hex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

// BEP 44, "test vectors": the key pair of tests 1 and 2, and their value.
constexpr std::string_view kPublicKey = "77ff84905a91936367c01360803104f92432fcd904a43511876df5cdf3e7e548";
constexpr std::string_view kValue = "12:Hello World!";
constexpr std::string_view kSignatureNoSalt =
    "305ac8aeb6c9c151fa120f120ea2cfb923564e11552d06a5d856091e5e853cff"
    "1260d3f39e4999684aa92eb73ffd136e6f4f3ecbfda0ce53a1608ecd7ae21f01";
constexpr std::string_view kSignatureSalt =
    "6834284b6b24c3204eb2fea824d82f88883a3d95e8b4a21b8c0ded553d17d17d"
    "df9a8a7104b1258f30bed3787e6cb896fca78c58f8e03b5f18f14951a87d9a08";

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_item)

BOOST_AUTO_TEST_CASE(targets_match_the_bep_vectors) {
  const auto key = array_from_hex<dht::PublicKey>(kPublicKey);
  BOOST_TEST(dht::mutable_target(key, "").hex() == "4a533d47ec9c7d95b1ad75f576cffc641853b750");
  BOOST_TEST(dht::mutable_target(key, "foobar").hex() == "411eba73b6f087ca51a3795d9c8c938d365e32c1");
  BOOST_TEST(dht::immutable_target(kValue).hex() == "e5f96f6f38320f0f33959cb4d3d656452117aadb");
}

BOOST_AUTO_TEST_CASE(signature_buffers_match_the_bep) {
  BOOST_TEST(dht::signature_buffer("", 1, kValue) == "3:seqi1e1:v12:Hello World!");
  BOOST_TEST(dht::signature_buffer("foobar", 1, kValue) == "4:salt6:foobar3:seqi1e1:v12:Hello World!");
  BOOST_TEST(dht::signature_buffer("", -3, "i5e") == "3:seqi-3e1:vi5e");
}

BOOST_AUTO_TEST_CASE(the_bep_signatures_verify_and_altered_ones_do_not) {
  const auto key = array_from_hex<dht::PublicKey>(kPublicKey);
  const auto plain = array_from_hex<dht::Signature>(kSignatureNoSalt);
  const auto salted = array_from_hex<dht::Signature>(kSignatureSalt);
  BOOST_TEST(dht::verify_item(key, plain, "", 1, kValue));
  BOOST_TEST(dht::verify_item(key, salted, "foobar", 1, kValue));
  // Each part the signature covers: the salt, the sequence number, the value.
  BOOST_TEST(!dht::verify_item(key, plain, "foobar", 1, kValue));
  BOOST_TEST(!dht::verify_item(key, plain, "", 2, kValue));
  BOOST_TEST(!dht::verify_item(key, plain, "", 1, "12:Hello World?"));
  auto flipped = plain;
  flipped[10] ^= 1;
  BOOST_TEST(!dht::verify_item(key, flipped, "", 1, kValue));
  auto other_key = key;
  other_key[0] ^= 1;
  BOOST_TEST(!dht::verify_item(other_key, plain, "", 1, kValue));
}

BOOST_AUTO_TEST_CASE(a_key_pair_from_a_seed_is_stable_and_signs_what_verifies) {
  dht::KeySeed seed{};
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(i);
  const auto keys = dht::KeyPair::from_seed(seed);
  BOOST_TEST(keys.public_key == dht::KeyPair::from_seed(seed).public_key);
  BOOST_TEST(keys.seed() == seed);
  dht::MutableItem item{keys.public_key, "salt", 7, "4:spam", {}};
  item.signature = dht::sign_item(keys, item.salt, item.seq, item.value);
  BOOST_TEST(item.verified());
  // Ed25519 signatures are deterministic: the same item signs the same way.
  BOOST_TEST(hex_of(item.signature) == hex_of(dht::sign_item(keys, "salt", 7, "4:spam")));
  item.seq = 8;
  BOOST_TEST(!item.verified());
  const auto other = dht::KeyPair::generate();
  BOOST_TEST(other.public_key != keys.public_key);
}

BOOST_AUTO_TEST_SUITE_END()
