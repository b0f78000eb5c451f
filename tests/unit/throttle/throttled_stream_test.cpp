// throttled_stream over an in-memory pipe, in virtual time: writes and reads go at the
// limit with every byte intact, the torrent's limit applies once set, and no limit costs
// no wait.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>

#include "corrent/throttle/throttled_stream.hpp"
#include "support/pipe_stream.hpp"
#include "support/sim_driver.hpp"

namespace {

using corrent::Clock;
using corrent::Task;
using namespace corrent::throttle;
using namespace std::chrono_literals;

std::vector<std::byte> pattern(std::size_t n) {
  std::vector<std::byte> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::byte>((i * 7 + i / 251) & 0xff);
  return out;
}

// Reads until `expected` bytes have come, recording when the last one came.
Task<void> read_all(corrent::net::Stream& from, std::size_t expected, std::vector<std::byte>& into,
                    std::optional<Clock::time_point>& done) {
  std::vector<std::byte> buffer(64 * 1024);
  while (into.size() < expected) {
    auto n = co_await from.read_some(buffer);
    if (!n) co_return;
    into.insert(into.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  done = Clock::now();
}

struct Rig {
  asio::io_context io;
  corrent::test::SimDriver driver{io};
  Scheduler down{io.get_executor()};
  Scheduler up{io.get_executor()};
  std::shared_ptr<LimitPair> session;
  std::shared_ptr<ConnectionLimits> limits = std::make_shared<ConnectionLimits>();
  std::unique_ptr<corrent::net::Stream> throttled;
  std::unique_ptr<corrent::test::PipeStream> other;

  explicit Rig(RateLimits session_limits) {
    session = std::make_shared<LimitPair>(session_limits, driver.now());
    limits->session = session;
    auto ends = corrent::test::PipeStream::make_pair(io.get_executor());
    throttled = throttled_stream(std::move(ends.first), down, up, limits);
    other = std::move(ends.second);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(throttled_stream)

// 500 kB written at 100 kB/s: about 5 s less the starting burst, every byte in order.
BOOST_AUTO_TEST_CASE(a_limited_write_goes_at_the_rate_with_every_byte_in_order) {
  Rig rig({std::nullopt, 100'000});
  const auto data = pattern(500'000);
  std::vector<std::byte> got;
  std::optional<Clock::time_point> done;
  const auto start = rig.driver.now();
  asio::co_spawn(rig.io, read_all(*rig.other, data.size(), got, done), asio::detached);
  asio::co_spawn(rig.io, [&]() -> Task<void> { (void)co_await rig.throttled->write_all(data); }, asio::detached);
  rig.driver.run_until([&] { return done.has_value(); }, 30s);
  BOOST_TEST_REQUIRE(done.has_value());
  const double seconds = std::chrono::duration<double>(*done - start).count();
  BOOST_TEST(seconds >= (500'000.0 - 10'000.0) / 100'000.0 * 0.99);  // the depth is 10 000
  BOOST_TEST(seconds <= 5.2);
  BOOST_TEST((got == data));
}

// The other way: reads wait for tokens; a torrent limit set later tightens it.
BOOST_AUTO_TEST_CASE(limited_reads_follow_the_tighter_torrent_limit_once_set) {
  Rig rig({200'000, std::nullopt});
  const auto data = pattern(1'000'000);
  std::vector<std::byte> got;
  std::optional<Clock::time_point> done;
  asio::co_spawn(rig.io, read_all(*rig.throttled, data.size(), got, done), asio::detached);
  asio::co_spawn(rig.io, [&]() -> Task<void> { (void)co_await rig.other->write_all(data); }, asio::detached);
  rig.driver.run_until([] { return false; }, 2s);
  const auto at_session_rate = got.size();
  BOOST_TEST(at_session_rate >= 390'000u);
  BOOST_TEST(at_session_rate <= 2 * 200'000u + 20'000u + 64 * 1024u);
  rig.limits->torrent = std::make_shared<LimitPair>(RateLimits{50'000, std::nullopt}, rig.driver.now());
  rig.driver.run_until([] { return false; }, 4s);
  const auto later = got.size() - at_session_rate;
  BOOST_TEST(later <= 4 * 50'000u + 200'000u / 10 + 64 * 1024u);  // a read granted before may finish
  BOOST_TEST(later >= 4 * 50'000u * 95 / 100);
  rig.driver.run_until([&] { return done.has_value(); }, 30s);
  BOOST_TEST_REQUIRE(done.has_value());
  BOOST_TEST((got == data));
}

BOOST_AUTO_TEST_CASE(without_limits_bytes_pass_at_once) {
  Rig rig({std::nullopt, std::nullopt});
  const auto data = pattern(300'000);
  std::vector<std::byte> got;
  std::optional<Clock::time_point> done;
  const auto start = rig.driver.now();
  asio::co_spawn(rig.io, read_all(*rig.other, data.size(), got, done), asio::detached);
  asio::co_spawn(rig.io, [&]() -> Task<void> { (void)co_await rig.throttled->write_all(data); }, asio::detached);
  rig.driver.run_until([&] { return done.has_value(); }, 1s);
  BOOST_TEST_REQUIRE(done.has_value());
  BOOST_TEST((*done == start));
  BOOST_TEST((got == data));
}

BOOST_AUTO_TEST_SUITE_END()
