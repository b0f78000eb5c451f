#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "corrent/crypto/random.hpp"

BOOST_AUTO_TEST_SUITE(crypto_random)

BOOST_AUTO_TEST_CASE(random_bytes_fills_exactly_the_span) {
  std::array<std::byte, 48> buffer{};
  std::span<std::byte> middle{buffer.data() + 8, 32};
  corrent::crypto::random_bytes(middle);
  const auto zero = [](std::byte b) { return b == std::byte{0}; };
  BOOST_TEST(std::all_of(buffer.begin(), buffer.begin() + 8, zero));
  BOOST_TEST(std::all_of(buffer.begin() + 40, buffer.end(), zero));
  // 32 random bytes all zero has probability 2^-256.
  BOOST_TEST(!std::all_of(middle.begin(), middle.end(), zero));
}

BOOST_AUTO_TEST_CASE(random_bytes_differ_between_calls) {
  std::array<std::byte, 32> a{};
  std::array<std::byte, 32> b{};
  corrent::crypto::random_bytes(a);
  corrent::crypto::random_bytes(b);
  BOOST_TEST((a != b));
}

BOOST_AUTO_TEST_CASE(random_below_degenerate_bounds_give_zero) {
  BOOST_TEST(corrent::crypto::random_below(0) == 0U);
  BOOST_TEST(corrent::crypto::random_below(1) == 0U);
}

BOOST_AUTO_TEST_CASE(random_below_stays_in_range_and_covers_it) {
  constexpr std::uint32_t kUpper = 4;
  constexpr int kDraws = 40'000;
  std::array<int, kUpper> seen{};
  for (int i = 0; i < kDraws; ++i) {
    const std::uint32_t v = corrent::crypto::random_below(kUpper);
    BOOST_REQUIRE(v < kUpper);
    ++seen[v];
  }
  // Each bucket expects 10000 with a standard deviation near 87: 600 is about 7 sigma,
  // so a correct generator never fails this while a biased one (say v % 3) does.
  for (const int n : seen) BOOST_TEST(std::abs(n - kDraws / int{kUpper}) < 600);
}

BOOST_AUTO_TEST_SUITE_END()
