// Clock and VirtualTime: virtual time moves only when told, never back, and the steady
// clock returns when the VirtualTime goes.
#include <boost/test/unit_test.hpp>

#include <chrono>

#include <asio/io_context.hpp>

#include "corrent/core/clock.hpp"

using namespace std::chrono_literals;
using corrent::Clock;
using corrent::VirtualTime;

BOOST_AUTO_TEST_SUITE(core_clock)

BOOST_AUTO_TEST_CASE(virtual_time_moves_only_forward_and_only_when_told) {
  const Clock::time_point start{std::chrono::hours(1)};
  {
    VirtualTime time(start);
    BOOST_TEST((Clock::now() == start));
    time.advance(5s);
    BOOST_TEST((Clock::now() == start + 5s));
    time.advance(-3s);  // ignored
    BOOST_TEST((Clock::now() == start + 5s));
    time.advance_to(start + 2s);  // earlier: ignored
    BOOST_TEST((Clock::now() == start + 5s));
    time.advance_to(start + 60s);
    BOOST_TEST((Clock::now() == start + 60s));
    BOOST_TEST((time.now() == Clock::now()));
  }
  // The steady clock again: near steady_clock's reading, not the virtual hour.
  const auto steady = std::chrono::steady_clock::now().time_since_epoch();
  BOOST_TEST(std::chrono::abs(Clock::now().time_since_epoch() - steady) < std::chrono::seconds(1));
}

BOOST_AUTO_TEST_CASE(a_timer_fires_when_virtual_time_passes_its_expiry) {
  asio::io_context io;
  VirtualTime time;
  corrent::Timer timer(io, 30s);
  bool fired = false;
  timer.async_wait([&](std::error_code ec) { fired = !ec; });
  io.poll();
  BOOST_TEST(!fired);
  time.advance(29s);
  corrent::Timer nudge(io, Clock::time_point::min());  // reprograms the reactor's timer
  nudge.async_wait([](std::error_code) {});
  io.poll();
  BOOST_TEST(!fired);
  time.advance(1s);
  corrent::Timer nudge_again(io, Clock::time_point::min());
  nudge_again.async_wait([](std::error_code) {});
  io.poll();
  BOOST_TEST(fired);
}

BOOST_AUTO_TEST_SUITE_END()
