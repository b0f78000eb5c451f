#include <boost/test/unit_test.hpp>

#include <chrono>
#include <stdexcept>
#include <system_error>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "corrent/net/task_group.hpp"
#include "support/run_coro.hpp"

namespace {

using namespace std::chrono_literals;
using corrent::Task;
using corrent::net::TaskGroup;
using corrent::test::run_coro;

// Waits a long time unless cancelled; records how it ended.
Task<void> sleeper(std::chrono::milliseconds d, int* ended, bool* aborted) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  auto [ec] = co_await timer.async_wait(corrent::use_nothrow);
  *aborted = ec == asio::error::operation_aborted;
  ++*ended;
}

// Like a port mapper: waits until cancelled, then cleans up, which takes `cleanup` (a
// wait of its own, after resetting its cancellation state so that the first cancellation
// does not end it). Records whether the cleanup finished or was cut off.
Task<void> cleaner(std::chrono::milliseconds cleanup, bool* cleaned, bool* cut_off) {
  asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::hours(1));
  (void)co_await timer.async_wait(corrent::use_nothrow);
  co_await asio::this_coro::reset_cancellation_state();
  timer.expires_after(cleanup);
  auto [ec] = co_await timer.async_wait(corrent::use_nothrow);
  *cut_off = ec == asio::error::operation_aborted;
  *cleaned = !ec;
}

bool is_operation_aborted(const std::exception_ptr& error) {
  if (!error) return false;
  try {
    std::rethrow_exception(error);
  } catch (const std::system_error& e) {
    return e.code() == asio::error::operation_aborted;
  } catch (...) {
    return false;
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(net_task_group)

// A task whose cleanup fits in the grace period finishes it; stop_within says so.
BOOST_AUTO_TEST_CASE(stop_within_lets_a_quick_cleanup_finish) {
  asio::io_context io;
  TaskGroup group(io.get_executor());
  bool cleaned = false, cut_off = false;
  group.spawn(cleaner(50ms, &cleaned, &cut_off));
  const bool in_time = run_coro(io, group.stop_within(1000ms));
  BOOST_TEST(in_time);
  BOOST_TEST(cleaned);
  BOOST_TEST(!cut_off);
  BOOST_TEST(group.size() == 0u);
}

// A cleanup that would take an hour is cancelled again once the grace period is over: the
// second cancellation reaches the task through the slot it reset its state on.
BOOST_AUTO_TEST_CASE(stop_within_cuts_off_a_cleanup_that_overruns) {
  asio::io_context io;
  TaskGroup group(io.get_executor());
  bool cleaned = false, cut_off = false;
  group.spawn(cleaner(std::chrono::hours(1), &cleaned, &cut_off));
  const auto start = std::chrono::steady_clock::now();
  const bool in_time = run_coro(io, group.stop_within(200ms));
  const auto took = std::chrono::steady_clock::now() - start;
  BOOST_TEST(!in_time);
  BOOST_TEST(!cleaned);
  BOOST_TEST(cut_off);
  BOOST_TEST(group.size() == 0u);
  BOOST_TEST((took >= 200ms));  // the cleanup had its grace period
  BOOST_TEST((took < 2s));
}

// The plain stop() would wait for that cleanup: it cancels once only.
BOOST_AUTO_TEST_CASE(stop_cancels_once_and_waits_for_the_cleanup) {
  asio::io_context io;
  TaskGroup group(io.get_executor());
  bool cleaned = false, cut_off = false;
  group.spawn(cleaner(300ms, &cleaned, &cut_off));
  const auto start = std::chrono::steady_clock::now();
  run_coro(io, group.stop());
  BOOST_TEST(cleaned);
  BOOST_TEST((std::chrono::steady_clock::now() - start >= 300ms));
}

BOOST_AUTO_TEST_CASE(stop_cancels_every_task_and_waits_for_them) {
  asio::io_context io;
  TaskGroup group(io.get_executor());
  int ended = 0;
  bool aborted[3] = {false, false, false};
  for (bool& a : aborted) group.spawn(sleeper(10s, &ended, &a));
  BOOST_TEST(group.size() == 3u);
  const auto start = std::chrono::steady_clock::now();
  run_coro(io, group.stop());
  BOOST_TEST(ended == 3);
  for (bool a : aborted) BOOST_TEST(a);
  BOOST_TEST(group.size() == 0u);
  BOOST_TEST((std::chrono::steady_clock::now() - start < 2s));
}

BOOST_AUTO_TEST_CASE(finished_tasks_leave_the_group) {
  asio::io_context io;
  TaskGroup group(io.get_executor());
  int ended = 0;
  bool aborted = true;
  group.spawn(sleeper(1ms, &ended, &aborted));
  run_coro(io, [&]() -> Task<void> {
    asio::steady_timer t(co_await asio::this_coro::executor, 50ms);
    co_await t.async_wait(corrent::use_nothrow);
  }());
  BOOST_TEST(ended == 1);
  BOOST_TEST(!aborted);
  BOOST_TEST(group.size() == 0u);
  run_coro(io, group.stop());  // nothing left: returns at once
}

BOOST_AUTO_TEST_CASE(a_task_spawned_after_stop_is_cancelled_at_once) {
  asio::io_context io;
  TaskGroup group(io.get_executor());
  run_coro(io, group.stop());
  int ended = 0;
  bool aborted = false;
  group.spawn(sleeper(10s, &ended, &aborted));
  BOOST_TEST(group.size() == 1u);
  const auto start = std::chrono::steady_clock::now();
  run_coro(io, group.stop());
  // Cancelled before its first wait: Asio ends it there (operation_aborted), so it never
  // sleeps; the group does not count that as a failure.
  BOOST_TEST(group.size() == 0u);
  BOOST_TEST(ended == 0);
  BOOST_TEST((std::chrono::steady_clock::now() - start < 1s));
}

BOOST_AUTO_TEST_CASE(stop_rethrows_a_bug_escaping_a_task) {
  asio::io_context io;
  TaskGroup group(io.get_executor());
  group.spawn([]() -> Task<void> {
    co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
    throw std::logic_error("bug");
  }());
  BOOST_CHECK_THROW(run_coro(io, group.stop()), std::logic_error);
}

BOOST_AUTO_TEST_CASE(destroying_without_stop_cancels_and_frees) {
  asio::io_context io;
  int ended = 0;
  bool aborted = false;
  {
    TaskGroup group(io.get_executor());
    group.spawn(sleeper(10s, &ended, &aborted));
    io.restart();
    io.run_for(10ms);
  }
  io.restart();
  io.run_for(100ms);
  BOOST_TEST(ended == 1);
  BOOST_TEST(aborted);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(net_task_group_wait)

BOOST_AUTO_TEST_CASE(wait_lets_every_task_finish_without_cancelling_it) {
  asio::io_context io;
  TaskGroup group(io.get_executor());
  int ended = 0;
  bool aborted[3] = {true, true, true};
  for (int i = 0; i < 3; ++i) group.spawn(sleeper(std::chrono::milliseconds(20 * (i + 1)), &ended, &aborted[i]));
  const auto start = std::chrono::steady_clock::now();
  run_coro(io, group.wait());
  BOOST_TEST(ended == 3);
  for (bool a : aborted) BOOST_TEST(!a);  // each ran to its own end
  BOOST_TEST(group.size() == 0u);
  BOOST_TEST((std::chrono::steady_clock::now() - start >= 60ms));
}

BOOST_AUTO_TEST_CASE(a_cancelled_wait_cancels_the_tasks_and_still_waits_for_them) {
  asio::io_context io;
  TaskGroup group(io.get_executor());
  int ended = 0;
  bool aborted[2] = {false, false};
  for (bool& a : aborted) group.spawn(sleeper(10s, &ended, &a));
  asio::cancellation_signal cancel;
  bool waited = false;
  std::exception_ptr error;
  asio::co_spawn(io, group.wait(), asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e) {
                   waited = true;
                   error = e;
                 }));
  run_coro(io, [&]() -> Task<void> {
    asio::steady_timer t(co_await asio::this_coro::executor, 30ms);
    co_await t.async_wait(corrent::use_nothrow);
    BOOST_TEST(ended == 0);
    cancel.emit(asio::cancellation_type::terminal);
    for (int i = 0; i < 100 && !waited; ++i) {
      t.expires_after(10ms);
      co_await t.async_wait(corrent::use_nothrow);
    }
  }());
  BOOST_TEST(waited);
  BOOST_TEST(ended == 2);  // wait() returned only once both had ended
  for (bool a : aborted) BOOST_TEST(a);
  BOOST_TEST(is_operation_aborted(error));  // and said it was cancelled
}

// The caller of a cancelled wait() must not carry on as if it had not been cancelled: it
// once went on to sleep a long interval, and the stop() that cancelled it hung.
BOOST_AUTO_TEST_CASE(the_caller_of_a_cancelled_wait_stays_cancelled) {
  asio::io_context io;
  TaskGroup outer(io.get_executor());
  bool ran_on = false;
  outer.spawn([](asio::any_io_executor executor, bool* ran_on) -> Task<void> {
    TaskGroup inner(executor);
    int ended = 0;
    bool aborted = false;
    inner.spawn(sleeper(10s, &ended, &aborted));
    co_await inner.wait();
    *ran_on = true;  // never reached once cancelled
    asio::steady_timer timer(executor, 10s);
    (void)co_await timer.async_wait(corrent::use_nothrow);
  }(io.get_executor(), &ran_on));
  const auto start = std::chrono::steady_clock::now();
  run_coro(io, [&]() -> Task<void> {
    asio::steady_timer t(co_await asio::this_coro::executor, 20ms);
    co_await t.async_wait(corrent::use_nothrow);
    co_await outer.stop();
  }());
  BOOST_TEST(!ran_on);
  BOOST_TEST(outer.size() == 0u);
  BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));
}

BOOST_AUTO_TEST_SUITE_END()
