// SHA-1 (OpenSSL) and SHA-256 (libsodium) against the FIPS 180 examples, run as one set of
// template cases so that both hashers meet exactly the same checks.
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_set>
#include <utility>

#include "corrent/crypto/sha1.hpp"
#include "corrent/crypto/sha256.hpp"

namespace {

using namespace std::string_view_literals;

constexpr std::string_view k448Bits = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

struct Sha1Case {
  using Hasher = corrent::crypto::Sha1;
  using Digest = corrent::crypto::Sha1Digest;
  static constexpr std::string_view kEmpty = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
  static constexpr std::string_view kAbc = "a9993e364706816aba3e25717850c26c9cd0d89d";
  static constexpr std::string_view k448 = "84983e441c3bd26ebaae4aa1f95129e5e54670f1";
  static constexpr std::string_view kMillionA = "34aa973cd4c4daa4f61eeb2bdbad27316534016f";
};

struct Sha256Case {
  using Hasher = corrent::crypto::Sha256;
  using Digest = corrent::crypto::Sha256Digest;
  static constexpr std::string_view kEmpty =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  static constexpr std::string_view kAbc =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  static constexpr std::string_view k448 =
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
  static constexpr std::string_view kMillionA =
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
};

using HashCases = std::tuple<Sha1Case, Sha256Case>;

template <class Digest>
constexpr std::size_t digest_size() {
  return std::tuple_size_v<decltype(Digest::bytes)>;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(crypto_hash)

BOOST_AUTO_TEST_CASE_TEMPLATE(one_shot_matches_fips_180_examples, T, HashCases) {
  BOOST_TEST(T::Hasher::digest("").hex() == T::kEmpty);
  BOOST_TEST(T::Hasher::digest("abc").hex() == T::kAbc);
  BOOST_TEST(T::Hasher::digest(k448Bits).hex() == T::k448);
  BOOST_TEST(T::Hasher::digest(std::string(1'000'000, 'a')).hex() == T::kMillionA);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(million_a_in_odd_sized_chunks, T, HashCases) {
  const std::string message(1'000'000, 'a');
  constexpr std::size_t kChunks[] = {1, 7, 63, 64, 65, 997, 4099};
  typename T::Hasher hasher;
  std::size_t at = 0;
  for (std::size_t i = 0; at < message.size(); ++i) {
    const std::size_t n = std::min(kChunks[i % std::size(kChunks)], message.size() - at);
    hasher.update(std::string_view(message).substr(at, n));
    at += n;
  }
  BOOST_TEST(hasher.finish().hex() == T::kMillionA);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(finish_starts_a_new_message, T, HashCases) {
  typename T::Hasher hasher;
  BOOST_TEST(hasher.finish().hex() == T::kEmpty);
  hasher.update("ab");
  hasher.update("c");
  BOOST_TEST(hasher.finish().hex() == T::kAbc);
  hasher.update("abc");
  BOOST_TEST(hasher.finish().hex() == T::kAbc);  // not the hash of "abcabc"
}

BOOST_AUTO_TEST_CASE_TEMPLATE(byte_span_and_string_view_updates_agree, T, HashCases) {
  typename T::Hasher hasher;
  const std::string head(k448Bits.substr(0, 20));
  hasher.update(std::as_bytes(std::span(head.data(), head.size())));
  hasher.update(k448Bits.substr(20));
  BOOST_TEST(hasher.finish().hex() == T::k448);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(moved_hasher_keeps_its_state, T, HashCases) {
  typename T::Hasher first;
  first.update("ab");
  typename T::Hasher second{std::move(first)};
  second.update("c");
  typename T::Hasher third;
  third = std::move(second);
  BOOST_TEST(third.finish().hex() == T::kAbc);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(digest_bytes_view_and_parse, T, HashCases) {
  using Digest = typename T::Digest;
  constexpr std::size_t kSize = digest_size<Digest>();
  const Digest abc = T::Hasher::digest("abc");
  BOOST_TEST(abc.view().size() == kSize);
  BOOST_TEST(static_cast<unsigned char>(abc.view()[0]) == abc.bytes[0]);
  const auto parsed = Digest::from_bytes(abc.view());
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST((*parsed == abc));
  BOOST_TEST(!Digest::from_bytes(std::string(kSize - 1, 'x')).has_value());
  BOOST_TEST(!Digest::from_bytes(std::string(kSize + 1, 'x')).has_value());
  BOOST_TEST(!Digest::from_bytes("").has_value());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(digests_order_bytewise_and_hash, T, HashCases) {
  using Digest = typename T::Digest;
  Digest low;
  Digest high;
  high.bytes.back() = 1;
  BOOST_TEST((low < high));
  BOOST_TEST((Digest{} == low));
  std::unordered_set<Digest> set{T::Hasher::digest("abc"), T::Hasher::digest("")};
  BOOST_TEST(set.count(T::Hasher::digest("abc")) == 1U);
  BOOST_TEST(set.count(T::Hasher::digest("abd")) == 0U);
}

BOOST_AUTO_TEST_SUITE_END()
