// LEDBAT (RFC 6817) for uTP: slow start and its two exits, the delay rule's growth and
// shrinking around the target, the flight-size cap, the window's bounds, loss and timeout,
// the base delay on a wrapping clock and its per-minute history, and a change of MSS.
#include <boost/test/unit_test.hpp>

#include <cstdint>

#include "ledbat.hpp"

namespace utp = corrent::transport_utp;

namespace {

constexpr std::uint32_t kMss = 1000;
constexpr std::uint32_t kTarget = 100'000;
constexpr std::uint64_t kSecond = 1'000'000;
constexpr std::uint64_t kMinute = 60 * kSecond;
constexpr std::uint32_t kBigFlight = 1u << 30;  // the flight cap never binds

// Fills the current-delay filter with `delay_us`, at `now_us`.
void settle(utp::Ledbat& l, std::uint32_t delay_us, std::uint64_t now_us) {
  for (std::size_t i = 0; i < utp::Ledbat::kCurrentFilter; ++i) l.on_delay_sample(delay_us, now_us);
}

// A Ledbat out of slow start with a window of `cwnd` bytes and a base delay of 20 ms.
utp::Ledbat steady(std::uint32_t cwnd, utp::LedbatSettings settings = {}) {
  utp::Ledbat l(settings, kMss);
  settle(l, 20'000, 0);
  l.on_ack(2 * cwnd - l.cwnd(), kBigFlight);  // slow start: grows by the bytes acked
  BOOST_REQUIRE_EQUAL(l.cwnd(), 2 * cwnd);
  l.on_loss();
  BOOST_REQUIRE_EQUAL(l.cwnd(), cwnd);
  BOOST_REQUIRE(!l.in_slow_start());
  return l;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ledbat)

BOOST_AUTO_TEST_CASE(starts_in_slow_start_with_the_initial_window) {
  const utp::Ledbat l({}, kMss);
  BOOST_TEST(l.cwnd() == 2 * kMss);
  BOOST_TEST(l.in_slow_start());
  BOOST_TEST(l.mss() == kMss);
  BOOST_TEST(l.queueing_delay_us() == 0u);
}

BOOST_AUTO_TEST_CASE(slow_start_grows_by_the_bytes_acked) {
  utp::Ledbat l({}, kMss);
  settle(l, 20'000, 0);
  l.on_ack(kMss, kBigFlight);
  BOOST_TEST(l.cwnd() == 3 * kMss);
  l.on_ack(3 * kMss, kBigFlight);
  BOOST_TEST(l.cwnd() == 6 * kMss);
  l.on_ack(0, kBigFlight);  // nothing acked: nothing changes
  BOOST_TEST(l.cwnd() == 6 * kMss);
  BOOST_TEST(l.in_slow_start());
}

BOOST_AUTO_TEST_CASE(slow_start_ends_when_queueing_reaches_half_the_target) {
  utp::Ledbat l({}, kMss);
  l.on_delay_sample(10'000, 0);
  settle(l, 10'000 + kTarget / 2 - 1, kSecond);
  BOOST_TEST(l.queueing_delay_us() == kTarget / 2 - 1);
  l.on_ack(8 * kMss, kBigFlight);
  BOOST_TEST(l.in_slow_start());
  BOOST_TEST(l.cwnd() == 10 * kMss);

  settle(l, 10'000 + kTarget / 2, 2 * kSecond);
  BOOST_TEST(l.queueing_delay_us() == kTarget / 2);
  l.on_ack(kMss, kBigFlight);
  BOOST_TEST(!l.in_slow_start());
  // The delay rule now: half the target left, so half of MSS * acked / cwnd = 50 bytes.
  BOOST_TEST(l.cwnd() == 10 * kMss + 50);
}

BOOST_AUTO_TEST_CASE(slow_start_ends_at_its_cap) {
  utp::LedbatSettings s;
  s.slow_start_cap_bytes = 5 * kMss;
  utp::Ledbat l(s, kMss);
  l.on_ack(2 * kMss, kBigFlight);
  BOOST_TEST(l.cwnd() == 4 * kMss);
  BOOST_TEST(l.in_slow_start());
  l.on_ack(2 * kMss, kBigFlight);
  BOOST_TEST(l.cwnd() == 6 * kMss);
  BOOST_TEST(!l.in_slow_start());
  l.on_ack(3 * kMss, kBigFlight);  // no delay sample: the whole target left
  BOOST_TEST(l.cwnd() == 6 * kMss + 3 * kMss * kMss / (6 * kMss));  // + 500, not + 3000
}

BOOST_AUTO_TEST_CASE(grows_below_the_target_and_shrinks_above_it) {
  utp::Ledbat l = steady(10 * kMss);
  l.on_ack(kMss, kBigFlight);  // queueing 0: the whole target left, MSS * MSS / cwnd
  BOOST_TEST(l.cwnd() == 10'100u);

  utp::Ledbat at = steady(10 * kMss);
  settle(at, 20'000 + kTarget, kSecond);
  BOOST_TEST(at.queueing_delay_us() == kTarget);
  at.on_ack(kMss, kBigFlight);
  BOOST_TEST(at.cwnd() == 10 * kMss);  // on target: unchanged

  utp::Ledbat above = steady(10 * kMss);
  settle(above, 20'000 + kTarget + kTarget / 2, kSecond);
  above.on_ack(kMss, kBigFlight);
  BOOST_TEST(above.cwnd() == 10 * kMss - 50);  // half the target over: minus half the step
  BOOST_TEST(!above.in_slow_start());
}

BOOST_AUTO_TEST_CASE(small_steps_of_a_large_window_add_up) {
  utp::Ledbat l = steady(400 * kMss);
  // 2.5 bytes each, a trifle less as the window grows: 9.9999 in all, where rounding
  // each step down would give 8.
  for (int i = 0; i < 4; ++i) l.on_ack(kMss, kBigFlight);
  BOOST_TEST(l.cwnd() == 400 * kMss + 9);
}

BOOST_AUTO_TEST_CASE(growth_stops_at_the_flight_plus_allowed_increase) {
  utp::Ledbat l({}, kMss);
  l.on_ack(5 * kMss, 2 * kMss);  // slow start would give 7 MSS; the flight allows 3
  BOOST_TEST(l.cwnd() == 3 * kMss);

  utp::Ledbat s = steady(10 * kMss);
  s.on_ack(kMss, 4 * kMss);  // a window above what the flight uses neither grows nor shrinks
  BOOST_TEST(s.cwnd() == 10 * kMss);
  s.on_ack(kMss, 9 * kMss + 50);  // the flight allows 10,050: 50 of the 100 bytes
  BOOST_TEST(s.cwnd() == 10 * kMss + 50);

  utp::LedbatSettings wide;
  wide.allowed_increase = 3;
  utp::Ledbat w(wide, kMss);
  w.on_ack(5 * kMss, 2 * kMss);
  BOOST_TEST(w.cwnd() == 5 * kMss);
}

BOOST_AUTO_TEST_CASE(window_stays_within_min_and_max) {
  utp::Ledbat l = steady(3 * kMss);
  settle(l, 20'000 + 100 * kTarget, kSecond);  // far above target
  for (int i = 0; i < 10; ++i) l.on_ack(kMss, kBigFlight);
  BOOST_TEST(l.cwnd() == 2 * kMss);
  l.on_loss();
  BOOST_TEST(l.cwnd() == 2 * kMss);

  utp::LedbatSettings s;
  s.max_cwnd_bytes = 8 * kMss;
  utp::Ledbat capped(s, kMss);
  capped.on_ack(100 * kMss, kBigFlight);
  BOOST_TEST(capped.cwnd() == 8 * kMss);
  capped.on_ack(100 * kMss, kBigFlight);
  BOOST_TEST(capped.cwnd() == 8 * kMss);
}

BOOST_AUTO_TEST_CASE(loss_halves_the_window_and_ends_slow_start) {
  utp::Ledbat l({}, kMss);
  l.on_ack(18 * kMss, kBigFlight);
  BOOST_TEST(l.in_slow_start());
  l.on_loss();
  BOOST_TEST(l.cwnd() == 10 * kMss);
  BOOST_TEST(!l.in_slow_start());
  l.on_loss();
  BOOST_TEST(l.cwnd() == 5 * kMss);
}

BOOST_AUTO_TEST_CASE(timeout_drops_to_one_mss_and_the_next_ack_restores_the_minimum) {
  utp::Ledbat l({}, kMss);
  l.on_ack(30 * kMss, kBigFlight);
  l.on_timeout();
  BOOST_TEST(l.cwnd() == kMss);
  BOOST_TEST(!l.in_slow_start());
  l.on_ack(kMss, kMss);
  BOOST_TEST(l.cwnd() == 2 * kMss);
  BOOST_TEST(!l.in_slow_start());
}

BOOST_AUTO_TEST_CASE(base_delay_compares_samples_across_the_32_bit_wrap) {
  utp::Ledbat l({}, kMss);
  l.on_delay_sample(0xffff'ff00u, 0);
  settle(l, 0x0000'0100u, kSecond);  // 512 us later on the wrapping clock, not 4 billion earlier
  BOOST_TEST(l.queueing_delay_us() == 0x200u);

  utp::Ledbat r({}, kMss);
  r.on_delay_sample(0x0000'0100u, 0);
  r.on_delay_sample(0xffff'ff00u, kSecond);  // before 0x100: the new base
  BOOST_TEST(r.queueing_delay_us() == 0u);   // the filter still holds it
  settle(r, 0x0000'0100u, 2 * kSecond);
  BOOST_TEST(r.queueing_delay_us() == 0x200u);

  utp::Ledbat far({}, kMss);
  far.on_delay_sample(0xffff'0000u, 0);
  settle(far, 0x0001'0000u, kSecond);
  BOOST_TEST(far.queueing_delay_us() == 0x2'0000u);
}

BOOST_AUTO_TEST_CASE(an_old_minimum_is_forgotten_after_the_base_history) {
  static_assert(utp::Ledbat::kBaseHistory == 10);
  utp::Ledbat l({}, kMss);
  l.on_delay_sample(1'000, 0);
  for (std::uint64_t m = 1; m < utp::Ledbat::kBaseHistory; ++m) settle(l, 50'000, m * kMinute);
  settle(l, 50'000, utp::Ledbat::kBaseHistory * kMinute - 1);
  BOOST_TEST(l.queueing_delay_us() == 49'000u);  // minute 0's minimum still counts
  l.on_delay_sample(50'000, utp::Ledbat::kBaseHistory * kMinute);
  BOOST_TEST(l.queueing_delay_us() == 0u);       // and now it has rolled out

  settle(l, 80'000, (utp::Ledbat::kBaseHistory + 1) * kMinute);
  BOOST_TEST(l.queueing_delay_us() == 30'000u);  // the newer minima still do
}

BOOST_AUTO_TEST_CASE(the_least_sample_of_a_minute_is_its_minimum) {
  utp::Ledbat l({}, kMss);
  l.on_delay_sample(30'000, 0);
  l.on_delay_sample(10'000, 20 * kSecond);
  settle(l, 40'000, 59 * kSecond);
  BOOST_TEST(l.queueing_delay_us() == 30'000u);
}

BOOST_AUTO_TEST_CASE(a_silence_longer_than_the_history_forgets_every_minimum) {
  utp::Ledbat l({}, kMss);
  l.on_delay_sample(1'000, 0);
  settle(l, 50'000, 30 * kMinute);
  BOOST_TEST(l.queueing_delay_us() == 0u);
  settle(l, 60'000, 30 * kMinute + kSecond);
  BOOST_TEST(l.queueing_delay_us() == 10'000u);
}

BOOST_AUTO_TEST_CASE(set_mss_changes_the_step_and_the_minimum_window) {
  utp::Ledbat l = steady(10 * kMss);
  l.set_mss(1500);
  BOOST_TEST(l.mss() == 1500u);
  l.on_ack(kMss, kBigFlight);
  BOOST_TEST(l.cwnd() == 10 * kMss + 150);  // 1 * 1000 * 1500 / 10000
  l.set_mss(0);  // ignored
  BOOST_TEST(l.mss() == 1500u);

  utp::Ledbat small({}, kMss);
  BOOST_TEST(small.cwnd() == 2 * kMss);
  small.set_mss(1400);
  BOOST_TEST(small.cwnd() == 2 * 1400u);  // the minimum window is in MSS
}

BOOST_AUTO_TEST_SUITE_END()
