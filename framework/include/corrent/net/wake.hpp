#pragma once
// Wake: a one-waiter condition for coroutines on one executor. notify() wakes the waiter
// (or makes its next wait() return at once); wait() also returns after a timeout, so every
// loop built on it is bounded in time.

#include <chrono>

#include <asio/any_io_executor.hpp>
#include "corrent/core/clock.hpp"

#include "corrent/core/task.hpp"

namespace corrent::net {

class Wake {
 public:
  explicit Wake(const asio::any_io_executor& executor) : timer_(executor) {}

  void notify() {
    pending_ = true;
    timer_.cancel();
  }

  /// Waits for notify() or `limit`. Returns false if the awaiting coroutine was cancelled.
  Task<bool> wait(Clock::duration limit) {
    if (!pending_) {
      timer_.expires_after(limit);
      (void)co_await timer_.async_wait(use_nothrow);
    }
    pending_ = false;
    const auto state = co_await asio::this_coro::cancellation_state;
    co_return state.cancelled() == asio::cancellation_type::none;
  }

 private:
  Timer timer_;
  bool pending_ = false;
};

}  // namespace corrent::net
