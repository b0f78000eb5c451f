// corrent::Condition: waiters wake on notify and re-check, a notify with nobody waiting is
// not remembered, notify_one wakes one, and a cancelled waiter returns false promptly.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <exception>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "corrent/core/condition.hpp"
#include "support/run_coro.hpp"

namespace {

using namespace std::chrono_literals;
using corrent::Condition;
using corrent::Task;
using corrent::test::run_coro;

Task<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  (void)co_await t.async_wait(corrent::use_nothrow);
}

// Spawns `task`, recording its result in `*out` and that it ended in `*done`.
void spawn(asio::io_context& io, Task<bool> task, bool* out, bool* done,
           asio::cancellation_signal* cancel = nullptr) {
  auto record = [out, done](std::exception_ptr e, bool value) {
    if (e) std::rethrow_exception(e);
    *out = value;
    *done = true;
  };
  if (cancel != nullptr) {
    asio::co_spawn(io, std::move(task), asio::bind_cancellation_slot(cancel->slot(), record));
  } else {
    asio::co_spawn(io, std::move(task), record);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(core_condition)

BOOST_AUTO_TEST_CASE(wait_until_returns_at_once_when_ready_and_after_the_notify_that_makes_it_so) {
  asio::io_context io;
  Condition ready_changed(io.get_executor());
  int value = 0;
  bool result = false, done = false;
  spawn(io, ready_changed.wait_until([&] { return value >= 2; }), &result, &done);
  run_coro(io, [&]() -> Task<void> {
    co_await sleep_for(10ms);
    value = 1;
    ready_changed.notify_all();  // wakes it, but not ready yet: it waits again
    co_await sleep_for(10ms);
    BOOST_TEST(!done);
    value = 2;
    co_await sleep_for(10ms);
    BOOST_TEST(!done);  // ready, but nobody said so
    ready_changed.notify_all();
    co_await sleep_for(10ms);
  }());
  BOOST_TEST(done);
  BOOST_TEST(result);
  bool again = false, again_done = false;
  spawn(io, ready_changed.wait_until([&] { return value >= 2; }), &again, &again_done);
  run_coro(io, sleep_for(5ms));
  BOOST_TEST(again_done);  // already ready: no notify needed
  BOOST_TEST(again);
}

BOOST_AUTO_TEST_CASE(a_notify_with_nobody_waiting_is_not_remembered) {
  asio::io_context io;
  Condition c(io.get_executor());
  c.notify_all();
  c.notify_one();
  bool result = true, done = false;
  asio::cancellation_signal cancel;
  spawn(io, c.wait(), &result, &done, &cancel);
  run_coro(io, sleep_for(30ms));
  BOOST_TEST(!done);
  cancel.emit(asio::cancellation_type::terminal);
  run_coro(io, sleep_for(5ms));
  BOOST_TEST(done);
  BOOST_TEST(!result);  // it ended by cancellation
}

BOOST_AUTO_TEST_CASE(notify_one_wakes_one_waiter_and_notify_all_the_rest) {
  asio::io_context io;
  Condition c(io.get_executor());
  bool results[3] = {false, false, false};
  bool done[3] = {false, false, false};
  for (int i = 0; i < 3; ++i) spawn(io, c.wait(), &results[i], &done[i]);
  run_coro(io, sleep_for(5ms));
  c.notify_one();
  run_coro(io, sleep_for(5ms));
  BOOST_TEST(done[0]);  // the one waiting longest
  BOOST_TEST(!done[1]);
  BOOST_TEST(!done[2]);
  c.notify_all();
  run_coro(io, sleep_for(5ms));
  for (int i = 0; i < 3; ++i) {
    BOOST_TEST(done[i]);
    BOOST_TEST(results[i]);
  }
}

BOOST_AUTO_TEST_CASE(a_cancelled_wait_until_returns_false_without_spinning) {
  asio::io_context io;
  Condition c(io.get_executor());
  int checks = 0;
  bool result = true, done = false;
  asio::cancellation_signal cancel;
  spawn(io, c.wait_until([&] {
    ++checks;
    return false;
  }), &result, &done, &cancel);
  run_coro(io, sleep_for(10ms));
  cancel.emit(asio::cancellation_type::terminal);
  run_coro(io, sleep_for(10ms));
  BOOST_TEST(done);
  BOOST_TEST(!result);
  BOOST_TEST(checks == 1);  // checked once, waited, and returned on cancellation
}

BOOST_AUTO_TEST_SUITE_END()
