#pragma once
// SimDriver: runs an io_context in virtual time (core/clock.hpp) for simulations. While
// handlers are ready it runs them; when none is, it moves the clock on by one `step`, so
// that the next timers become due. Time never waits on the wall clock, and with a
// SimNetwork nothing else can wake the io_context, so a run is the same every time.
//
//   asio::io_context io;
//   SimDriver driver(io);
//   bool done = driver.run_until([&] { return finished; }, std::chrono::minutes(10));
//   auto value = driver.run(some_task(), std::chrono::seconds(30));  // a coroutine's result

#include <chrono>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include <asio/co_spawn.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/core/task.hpp"

namespace corrent::test {

class SimDriver {
 public:
  /// Every simulation starts at this time point, whatever the steady clock says.
  static constexpr Clock::time_point kStart{std::chrono::hours(1)};

  explicit SimDriver(asio::io_context& io, Clock::duration step = std::chrono::milliseconds(1))
      : io_(&io), step_(step), time_(kStart), work_(asio::make_work_guard(io)), kick_(io) {}

  [[nodiscard]] Clock::time_point now() const { return time_.now(); }
  /// Handlers run so far, and the clock's steps (to report the cost of a run).
  [[nodiscard]] std::size_t handlers() const { return handlers_; }
  [[nodiscard]] std::size_t steps() const { return steps_; }

  /// Runs until `done()` or until `limit` of virtual time has passed; returns done().
  template <class Done>
  bool run_until(Done done, Clock::duration limit) {
    const auto deadline = time_.now() + limit;
    while (!done()) {
      *kicked_ = false;
      const std::size_t ran = io_->poll() - (*kicked_ ? 1 : 0);
      handlers_ += ran;
      if (ran > 0) continue;
      if (time_.now() >= deadline) return done();
      time_.advance(step_);
      ++steps_;
      kick();
    }
    return true;
  }

  /// Runs `task` to its end within `limit` of virtual time and returns its value; throws
  /// std::runtime_error if it has not ended by then, and rethrows what escapes it.
  template <class T>
  T run(Task<T> task, Clock::duration limit) {
    // Shared with the completion handler, which may outlive this call if it throws.
    struct Outcome {
      bool finished = false;
      std::exception_ptr error;
      std::optional<std::conditional_t<std::is_void_v<T>, bool, T>> value;
    };
    auto outcome = std::make_shared<Outcome>();
    if constexpr (std::is_void_v<T>) {
      asio::co_spawn(*io_, std::move(task), [outcome](std::exception_ptr e) {
        outcome->error = e;
        outcome->finished = true;
      });
    } else {
      asio::co_spawn(*io_, std::move(task), [outcome](std::exception_ptr e, T v) {
        outcome->error = e;
        if (!e) outcome->value.emplace(std::move(v));
        outcome->finished = true;
      });
    }
    if (!run_until([&] { return outcome->finished; }, limit)) {
      throw std::runtime_error("simulation: a coroutine did not end within its virtual time limit");
    }
    if (outcome->error) std::rethrow_exception(outcome->error);
    if constexpr (!std::is_void_v<T>) return std::move(*outcome->value);
  }

 private:
  // Asio's reactor waits for a kernel timer programmed in real time: a timer due at the
  // earliest possible time makes it reprogram that at once, and the due timers then fire.
  void kick() {
    kick_.expires_at(Clock::time_point::min());
    kick_.async_wait([kicked = kicked_](std::error_code) { *kicked = true; });
  }

  asio::io_context* io_;
  Clock::duration step_;
  VirtualTime time_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  Timer kick_;
  std::shared_ptr<bool> kicked_ = std::make_shared<bool>(false);  // the handler may outlive us
  std::size_t handlers_ = 0;
  std::size_t steps_ = 0;
};

}  // namespace corrent::test
