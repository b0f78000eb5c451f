// Scheduler in virtual time: limits hold, connections sharing a limit share it evenly, a
// rate change takes effect at once, a cancelled wait leaves nothing behind.
#include <boost/test/unit_test.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>

#include "corrent/throttle/limits.hpp"
#include "corrent/throttle/scheduler.hpp"
#include "support/sim_driver.hpp"

namespace {

using corrent::Clock;
using corrent::Task;
using corrent::throttle::Scheduler;
using corrent::throttle::TokenBucket;
using namespace std::chrono_literals;

// A transfer that draws `want` at a time from its buckets until `stop`, counting grants.
struct Transfer {
  std::array<TokenBucket*, 2> buckets{};
  std::size_t want = 16 * 1024;
  std::uint64_t got = 0;
  bool stop = false;
};

Task<void> draw(Scheduler& scheduler, Transfer& t) {
  while (!t.stop) {
    const std::size_t n = co_await scheduler.acquire(t.buckets, t.want);
    if (n == 0) co_return;
    BOOST_TEST(n <= t.want);
    t.got += n;
  }
}

double ratio(std::uint64_t a, std::uint64_t b) { return static_cast<double>(a) / static_cast<double>(b); }

}  // namespace

BOOST_AUTO_TEST_SUITE(scheduler)

// Three connections under one 100 kB/s limit for 10 s: 1 MB between them (plus at most
// the starting burst), a third each within 5%.
BOOST_AUTO_TEST_CASE(connections_under_one_limit_share_it_evenly_and_never_exceed_it) {
  asio::io_context io;
  corrent::test::SimDriver driver(io);
  Scheduler scheduler(io.get_executor());
  TokenBucket shared(100'000, driver.now());
  std::array<Transfer, 3> transfers;
  for (auto& t : transfers) {
    t.buckets = {&shared, nullptr};
    asio::co_spawn(io, draw(scheduler, t), asio::detached);
  }
  const auto start = driver.now();
  driver.run_until([] { return false; }, 10s);
  const auto elapsed = std::chrono::duration<double>(driver.now() - start).count();
  std::uint64_t total = 0;
  for (const auto& t : transfers) total += t.got;
  BOOST_TEST(total <= static_cast<std::uint64_t>(100'000 * elapsed) + shared.depth());
  BOOST_TEST(total >= static_cast<std::uint64_t>(100'000 * elapsed * 0.98));
  for (const auto& t : transfers) BOOST_TEST(std::abs(ratio(t.got * 3, total) - 1.0) < 0.05);
  for (auto& t : transfers) t.stop = true;
  driver.run_until([&] { return scheduler.waiting() == 0; }, 1s);
}

// A connection of a torrent limited to 30 kB/s inside a session limited to 100 kB/s gets
// 30; the session's other connection gets the other 70.
BOOST_AUTO_TEST_CASE(the_tightest_of_a_connections_limits_applies_and_the_rest_goes_to_others) {
  asio::io_context io;
  corrent::test::SimDriver driver(io);
  Scheduler scheduler(io.get_executor());
  TokenBucket session(100'000, driver.now());
  TokenBucket torrent(30'000, driver.now());
  Transfer slow;
  slow.buckets = {&session, &torrent};
  Transfer other;
  other.buckets = {&session, nullptr};
  asio::co_spawn(io, draw(scheduler, slow), asio::detached);
  asio::co_spawn(io, draw(scheduler, other), asio::detached);
  driver.run_until([] { return false; }, 10s);
  BOOST_TEST(std::abs(ratio(slow.got, 300'000) - 1.0) < 0.05);
  BOOST_TEST(std::abs(ratio(other.got, 700'000) - 1.0) < 0.05);
  slow.stop = other.stop = true;
  driver.run_until([&] { return scheduler.waiting() == 0; }, 1s);
}

// Lifting a limit frees its waiters at once; setting one slows the next grants.
BOOST_AUTO_TEST_CASE(a_rate_changed_live_takes_effect_at_once) {
  asio::io_context io;
  corrent::test::SimDriver driver(io);
  Scheduler scheduler(io.get_executor());
  TokenBucket bucket(10'000, driver.now());
  Transfer t;
  t.buckets = {&bucket, nullptr};
  asio::co_spawn(io, draw(scheduler, t), asio::detached);
  driver.run_until([] { return false; }, 5s);
  const auto limited = t.got;
  BOOST_TEST(std::abs(ratio(limited, 50'000) - 1.0) < 0.05);
  BOOST_TEST(scheduler.waiting() == 1u);
  bucket.set_rate(std::nullopt, driver.now());
  scheduler.rates_changed();
  BOOST_TEST(scheduler.waiting() == 0u);  // served without waiting for the tick
  t.stop = true;
  driver.run_until([] { return false; }, 10ms);
}

// A cancelled wait returns 0, takes nothing and leaves the queue; a scheduler that goes
// away wakes its waiters with nothing granted.
BOOST_AUTO_TEST_CASE(a_cancelled_wait_takes_nothing_and_a_destroyed_scheduler_wakes_its_waiters) {
  asio::io_context io;
  corrent::test::SimDriver driver(io);
  auto scheduler = std::make_unique<Scheduler>(io.get_executor());
  TokenBucket bucket(1'000, driver.now());
  bucket.take(bucket.depth());
  std::array<TokenBucket*, 1> buckets{&bucket};
  std::optional<std::size_t> first, second;
  asio::cancellation_signal cancel;
  auto wait = [&](std::optional<std::size_t>& out) -> Task<void> {
    out = co_await scheduler->acquire(buckets, 1'000);
  };
  asio::co_spawn(io, wait(first), asio::bind_cancellation_slot(cancel.slot(), asio::detached));
  asio::co_spawn(io, wait(second), asio::detached);
  driver.run_until([&] { return scheduler->waiting() == 2; }, 10ms);
  BOOST_TEST(scheduler->waiting() == 2u);
  cancel.emit(asio::cancellation_type::terminal);
  driver.run_until([&] { return first.has_value(); }, 10ms);
  BOOST_TEST_REQUIRE(first.has_value());
  BOOST_TEST(*first == 0u);
  BOOST_TEST(scheduler->waiting() == 1u);
  scheduler.reset();
  driver.run_until([&] { return second.has_value(); }, 10ms);
  BOOST_TEST_REQUIRE(second.has_value());
  BOOST_TEST(*second == 0u);
}

BOOST_AUTO_TEST_CASE(without_a_limit_a_transfer_never_waits) {
  asio::io_context io;
  Scheduler scheduler(io.get_executor());
  TokenBucket unlimited;
  std::array<TokenBucket*, 2> buckets{&unlimited, nullptr};
  BOOST_TEST(!Scheduler::any_limited(buckets));
  std::optional<std::size_t> got;
  asio::co_spawn(io, [&]() -> Task<void> { got = co_await scheduler.acquire(buckets, 1 << 20); }, asio::detached);
  io.poll();
  BOOST_TEST_REQUIRE(got.has_value());
  BOOST_TEST(*got == std::size_t{1} << 20);
}

BOOST_AUTO_TEST_SUITE_END()
