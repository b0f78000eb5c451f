#pragma once
// A group of coroutines spawned on one executor and owned by the group: wait() resumes when
// all have finished, cancel() asks each to stop (through its cancellation slot). The
// owner must co_await wait() (or stop()) before destroying the group. Asio's own examples
// use the same shape; corrent-tracker check runs one coroutine per check in it.

#include <cstddef>
#include <exception>
#include <list>
#include <utility>

#include <asio/any_io_executor.hpp>
#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/co_spawn.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "corrent/core/task.hpp"

namespace corrent::tracker_cli {

class TaskGroup {
 public:
  explicit TaskGroup(asio::any_io_executor executor) : executor_(executor), wake_(executor) {
    wake_.expires_at(asio::steady_timer::time_point::max());
  }
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  /// Starts `task` on the group's executor. A task should not throw; if one does, wait()
  /// rethrows the first exception once all have finished.
  void spawn(Task<void> task) {
    ++running_;
    auto& signal = signals_.emplace_back();
    asio::co_spawn(executor_, std::move(task),
                   asio::bind_cancellation_slot(signal.slot(), [this](std::exception_ptr error) {
                     if (error && !error_) error_ = error;
                     if (--running_ == 0) wake_.cancel();
                   }));
  }

  /// Emits cancellation to every task still running.
  void cancel() {
    for (auto& signal : signals_) signal.emit(asio::cancellation_type::all);
  }

  /// Resumes when every spawned task has finished.
  Task<void> wait() {
    while (running_ > 0) {
      co_await wake_.async_wait(use_nothrow);
      const auto state = co_await asio::this_coro::cancellation_state;
      if (state.cancelled() != asio::cancellation_type::none && running_ > 0) {
        cancel();  // our waiter is being cancelled: stop the children, then wait for them
        co_await asio::this_coro::reset_cancellation_state();
      }
    }
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

  /// cancel(), then wait().
  Task<void> stop() {
    cancel();
    co_await wait();
  }

  [[nodiscard]] std::size_t running() const { return running_; }

 private:
  asio::any_io_executor executor_;
  asio::steady_timer wake_;  // never expires; cancelled when the last task ends
  std::list<asio::cancellation_signal> signals_;  // a list: slots need stable addresses
  std::size_t running_ = 0;
  std::exception_ptr error_;
};

}  // namespace corrent::tracker_cli
