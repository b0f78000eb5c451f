// TokenBucket, sans I/O: made-up times in, tokens out.
#include <boost/test/unit_test.hpp>

#include <chrono>

#include "corrent/throttle/limits.hpp"
#include "corrent/throttle/token_bucket.hpp"

namespace {

using corrent::Clock;
using corrent::throttle::kMinDepth;
using corrent::throttle::TokenBucket;
using namespace std::chrono_literals;

const Clock::time_point t0{std::chrono::hours(1)};

}  // namespace

BOOST_AUTO_TEST_SUITE(token_bucket)

BOOST_AUTO_TEST_CASE(an_unlimited_bucket_gives_everything_and_keeps_no_count) {
  TokenBucket bucket;
  BOOST_TEST(!bucket.limited());
  BOOST_TEST(bucket.available() == std::numeric_limits<std::uint64_t>::max());
  bucket.take(1'000'000);
  BOOST_TEST(bucket.available() == std::numeric_limits<std::uint64_t>::max());
}

BOOST_AUTO_TEST_CASE(it_starts_full_and_refills_at_its_rate_up_to_its_depth) {
  TokenBucket bucket(1'000'000, t0);  // 1 MB/s: depth 100 ms = 100 000
  BOOST_TEST(bucket.depth() == 100'000u);
  BOOST_TEST(bucket.available() == 100'000u);
  bucket.take(100'000);
  BOOST_TEST(bucket.available() == 0u);
  bucket.refill(t0 + 30ms);
  BOOST_TEST(bucket.available() == 30'000u);
  bucket.refill(t0 + 10s);  // a long pause: no more than the depth
  BOOST_TEST(bucket.available() == 100'000u);
}

BOOST_AUTO_TEST_CASE(a_slow_rate_refilled_often_adds_up_exactly) {
  TokenBucket bucket(3, t0);  // 3 B/s; depth is kMinDepth
  BOOST_TEST(bucket.depth() == kMinDepth);
  bucket.take(kMinDepth);
  for (int ms = 1; ms <= 10'000; ++ms) bucket.refill(t0 + std::chrono::milliseconds(ms));
  BOOST_TEST(bucket.available() == 30u);  // 10 s at 3 B/s, not 0 from rounding each step
}

BOOST_AUTO_TEST_CASE(take_clamps_and_give_back_stops_at_the_depth) {
  TokenBucket bucket(1'000'000, t0);
  bucket.take(250'000);
  BOOST_TEST(bucket.available() == 0u);
  bucket.give_back(40'000);
  BOOST_TEST(bucket.available() == 40'000u);
  bucket.give_back(1'000'000);
  BOOST_TEST(bucket.available() == bucket.depth());
}

BOOST_AUTO_TEST_CASE(a_new_rate_keeps_what_accrued_within_the_new_depth) {
  TokenBucket bucket(1'000'000, t0);
  bucket.take(100'000);
  bucket.set_rate(100'000, t0 + 50ms);  // 50 000 accrued at the old rate; new depth 10 000
  BOOST_TEST(bucket.available() == 10'000u);
  bucket.take(10'000);
  bucket.refill(t0 + 60ms);
  BOOST_TEST(bucket.available() == 1'000u);  // at the new rate from the change on
  bucket.set_rate(std::nullopt, t0 + 60ms);
  BOOST_TEST(!bucket.limited());
  bucket.set_rate(2'000'000, t0 + 70ms);  // limited again: starts full
  BOOST_TEST(bucket.available() == 200'000u);
}

BOOST_AUTO_TEST_CASE(time_going_back_adds_nothing) {
  TokenBucket bucket(1'000'000, t0 + 1s);
  bucket.take(100'000);
  bucket.refill(t0);
  BOOST_TEST(bucket.available() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
