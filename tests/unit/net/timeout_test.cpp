#include <boost/test/unit_test.hpp>

#include <chrono>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "corrent/net/error.hpp"
#include "corrent/net/timeout.hpp"
#include "support/run_coro.hpp"

namespace {

using namespace std::chrono_literals;
using corrent::Result;
using corrent::Task;
using corrent::net::with_timeout;
using corrent::test::run_coro;

Task<Result<int>> answer_after(std::chrono::milliseconds d, bool* cancelled) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  auto [ec] = co_await timer.async_wait(corrent::use_nothrow);
  if (ec) {
    *cancelled = true;
    co_return corrent::fail(ec);
  }
  co_return 42;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(net_timeout)

BOOST_AUTO_TEST_CASE(returns_the_result_when_in_time) {
  asio::io_context io;
  bool cancelled = false;
  auto r = run_coro(io, with_timeout(answer_after(5ms, &cancelled), 1s));
  BOOST_REQUIRE(r);
  BOOST_TEST(*r == 42);
  BOOST_TEST(!cancelled);
}

BOOST_AUTO_TEST_CASE(times_out_and_cancels_the_operation) {
  asio::io_context io;
  bool cancelled = false;
  const auto start = std::chrono::steady_clock::now();
  auto r = run_coro(io, with_timeout(answer_after(10s, &cancelled), 30ms));
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error() == std::error_code(corrent::net::errc::timed_out));
  BOOST_TEST(cancelled);  // the loser ran to its end before with_timeout returned
  BOOST_TEST((std::chrono::steady_clock::now() - start < 2s));
}

BOOST_AUTO_TEST_CASE(passes_errors_through) {
  asio::io_context io;
  auto r = run_coro(io, with_timeout([]() -> Task<Result<void>> {
                      co_return tl::make_unexpected(std::make_error_code(std::errc::connection_refused));
                    }(), 1s));
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error() == std::make_error_code(std::errc::connection_refused));
}

BOOST_AUTO_TEST_SUITE_END()
