#include <boost/test/unit_test.hpp>

#include <chrono>

#include "corrent/engine/limits.hpp"
#include "corrent/engine/rate_meter.hpp"

namespace {

using namespace corrent::engine;
using namespace std::chrono_literals;
using corrent::Clock;

const Clock::time_point kT0 = Clock::time_point{} + 1000h;

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_rate_meter)

BOOST_AUTO_TEST_CASE(steady_traffic_gives_its_rate) {
  RateMeter m;
  BOOST_TEST(m.rate(kT0) == 0u);
  // 1000 bytes every 100 ms for 20 s: 10000 B/s.
  for (int i = 0; i < 200; ++i) m.add(1000, kT0 + i * 100ms);
  const auto r = m.rate(kT0 + 19'950ms);
  BOOST_TEST(r >= 9500u);
  BOOST_TEST(r <= 10500u);
  BOOST_TEST(m.total() == 200'000u);
}

BOOST_AUTO_TEST_CASE(a_young_meter_is_not_underestimated) {
  RateMeter m;
  for (int i = 0; i < 10; ++i) m.add(10'000, kT0 + i * 100ms);  // 100 kB/s for 1 s
  const auto r = m.rate(kT0 + 1s);
  BOOST_TEST(r >= 90'000u);
  BOOST_TEST(r <= 110'000u);
}

BOOST_AUTO_TEST_CASE(the_window_forgets_old_traffic) {
  RateMeter m;
  for (int i = 0; i < 100; ++i) m.add(1000, kT0 + i * 100ms);  // 10 s at 10 kB/s
  const auto last = kT0 + 9'900ms;
  const auto bucket = kRateWindow / kRateBuckets;
  // Inside the window the last bucket still counts; one bucket past the window, nothing.
  BOOST_TEST(m.rate(last + kRateWindow - bucket) > 0u);
  BOOST_TEST(m.rate(last + kRateWindow + bucket) == 0u);
  BOOST_TEST(m.total() == 100'000u);
  // A change of rate shows within a window.
  for (int i = 0; i < 100; ++i) m.add(4000, kT0 + 20s + i * 100ms);
  const auto r = m.rate(kT0 + 29'950ms);
  BOOST_TEST(r >= 38'000u);
  BOOST_TEST(r <= 42'000u);
}

BOOST_AUTO_TEST_SUITE_END()
