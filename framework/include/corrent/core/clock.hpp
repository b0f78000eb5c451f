#pragma once
// Clock and Timer: the time every timeout, interval and rate in corrent reads. Normally
// Clock is std::chrono::steady_clock; a test that installs a VirtualTime makes it a
// virtual clock that moves only when the test advances it, so that a swarm on a
// simulated network runs in milliseconds and the same way every time (issue 11, seam 8).
//
//   corrent::Timer timer(executor, std::chrono::seconds(30));   // an asio waitable timer
//   co_await timer.async_wait(asio::use_awaitable);
//
//   corrent::VirtualTime time;              // a test: from here Clock::now() is virtual
//   time.advance(std::chrono::seconds(5));  // timers due by then fire on the next poll()
//
// Virtual time is process-wide (one VirtualTime at a time) and meant for single-threaded
// tests; Clock::now() costs one atomic load more than steady_clock::now(). Asio's reactor
// programs a kernel timer (timerfd) from the earliest timer's distance to Clock::now();
// after moving virtual time, schedule a timer due at Clock::time_point::min() so that it
// reprograms that timer and the due ones fire on the next poll (the SimDriver of the tests
// does this: tests/support/sim_driver.hpp).

#include <atomic>
#include <chrono>

#include <asio/basic_waitable_timer.hpp>

namespace corrent {

class VirtualTime;

/// A steady clock that a VirtualTime may take over. Its time_point is its own type, so a
/// std::chrono::steady_clock reading cannot be mixed in by mistake.
struct Clock {
  using duration = std::chrono::steady_clock::duration;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<Clock, duration>;
  static constexpr bool is_steady = true;

  /// The steady clock's reading, or the installed VirtualTime's.
  static time_point now() noexcept;
};

/// An asio waitable timer on Clock: corrent's only timer type.
using Timer = asio::basic_waitable_timer<Clock>;

/// While one exists, Clock::now() is its virtual time: it starts where the steady clock
/// was at construction and moves only by advance(). Not thread-safe: create, advance and
/// destroy it on the thread that runs the io_context, with no other thread reading Clock.
class VirtualTime {
 public:
  /// Installs this as the clock, starting where the steady clock is now. Only one may
  /// exist at a time (checked: a second aborts).
  VirtualTime();
  /// As above, starting at `start`: a simulation that must run the same way twice starts
  /// at the same time point, so that nothing derived from absolute times differs.
  explicit VirtualTime(Clock::time_point start);
  /// Gives the clock back to std::chrono::steady_clock.
  ~VirtualTime();
  VirtualTime(const VirtualTime&) = delete;
  VirtualTime& operator=(const VirtualTime&) = delete;

  [[nodiscard]] Clock::time_point now() const noexcept { return now_; }
  /// Moves time forward by `by` (a negative duration is ignored: time never goes back).
  void advance(Clock::duration by) noexcept;
  /// Moves time forward to `to`, if it is later than now().
  void advance_to(Clock::time_point to) noexcept;

 private:
  Clock::time_point now_;
};

}  // namespace corrent
