#pragma once
// Condition: "wait until signalled or cancelled" for coroutines on one executor. The one
// primitive behind every "wake the writer", "wait for room", "wait until drained" in
// corrent, instead of a timer set to expire never and cancelled by hand in each place.
//
//   Condition room(executor);
//   // a consumer:
//   if (!co_await room.wait_until([&] { return queued < limit; })) co_return;  // cancelled
//   // a producer, after changing `queued`:
//   room.notify_all();
//
// A notify with no coroutine waiting is not remembered: the waiter re-checks its state
// around every wait, which wait_until does. Use it on its executor's thread only.

#include <asio/any_io_executor.hpp>
#include "corrent/core/clock.hpp"
#include <asio/this_coro.hpp>

#include "corrent/core/task.hpp"

namespace corrent {

class Condition {
 public:
  explicit Condition(const asio::any_io_executor& executor)
      : timer_(executor, Clock::time_point::max()) {}
  Condition(const Condition&) = delete;
  Condition& operator=(const Condition&) = delete;

  /// Wakes every coroutine waiting now.
  void notify_all() { timer_.cancel(); }
  /// Wakes the coroutine that has waited longest, if any.
  void notify_one() { timer_.cancel_one(); }

  /// Waits for a notify, or for the awaiting coroutine's cancellation. Returns false when
  /// cancelled (then at once, without waiting, on every later call).
  Task<bool> wait() {
    // The cancellation state is read into named values: the first version, which returned
    // `!co_await` of a helper coroutine, crashed under GCC 12 (illegal instruction).
    const auto before = co_await asio::this_coro::cancellation_state;
    if (before.cancelled() != asio::cancellation_type::none) co_return false;
    (void)co_await timer_.async_wait(use_nothrow);
    const auto after = co_await asio::this_coro::cancellation_state;
    co_return after.cancelled() == asio::cancellation_type::none;
  }

  /// Waits until `ready()` is true, checking it first and after every wake. Returns false
  /// if the awaiting coroutine was cancelled first (ready() may then still be false).
  template <class Ready>
  Task<bool> wait_until(Ready ready) {
    while (!ready()) {
      const bool woken = co_await wait();
      if (!woken) co_return false;
    }
    co_return true;
  }

 private:
  Timer timer_;  // never expires: a notify cancels its waits
};

}  // namespace corrent
