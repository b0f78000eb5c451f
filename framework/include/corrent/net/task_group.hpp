#pragma once
// TaskGroup: the owner of spawned coroutines (STYLE.md rule 6). Each task gets its own
// cancellation signal; stop() emits a terminal cancellation to every task and waits until
// all have finished. No asio::detached: a task that escapes with an exception other than
// cancellation is a bug, and stop() rethrows it.

#include <chrono>
#include <cstddef>
#include <exception>
#include <list>
#include <memory>

#include <asio/any_io_executor.hpp>
#include <asio/cancellation_signal.hpp>
#include "corrent/core/clock.hpp"

#include "corrent/core/condition.hpp"
#include "corrent/core/task.hpp"

namespace corrent::net {

/// Spawns coroutines on one executor and owns them until they end.
///
/// Whoever holds the TaskGroup must `co_await stop()` before destroying it, and before
/// destroying anything its tasks reference. (The destructor still cancels leftover tasks,
/// and their completion keeps the group's shared state alive, so a forgotten stop() leaks
/// no memory: but the tasks may then outlive what they point to.)
class TaskGroup {
 public:
  explicit TaskGroup(asio::any_io_executor executor);
  ~TaskGroup();
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  /// Starts `task` on the group's executor with its own cancellation signal. A task spawned
  /// after stop() began is cancelled at once. Parameters of the coroutine must be taken by
  /// value: it outlives the caller.
  void spawn(Task<void> task);

  /// Cancels every running task (terminal cancellation) and waits until all have ended.
  /// Rethrows the first exception a task let escape, other than cancellation. Later calls
  /// return at once (tasks spawned after the first stop() are cancelled as they start).
  Task<void> stop();

  /// As stop(), for tasks that clean up after their cancellation (they reset their
  /// cancellation state and then wait, e.g. to remove a port mapping): a task still
  /// running `grace` after the cancellation is cancelled again, which aborts the operation
  /// it then waits on, and again every `grace` until all have ended. So a task that cleans
  /// up in one bounded step ends within about `grace`. Returns true if every task ended
  /// within the first `grace`. Rethrows as stop() does.
  Task<bool> stop_within(std::chrono::milliseconds grace);

  /// Waits until every task has ended, without cancelling them (a batch of checks run
  /// side by side). If the awaiting coroutine is cancelled meanwhile, the tasks are
  /// cancelled and awaited as by stop(), and then wait() ends by throwing
  /// operation_aborted, as Asio ends any co_await of a cancelled coroutine, so that the
  /// caller does not carry on as if it had not been cancelled. Rethrows as stop() does.
  Task<void> wait();

  /// Tasks still running.
  [[nodiscard]] std::size_t size() const;

  [[nodiscard]] const asio::any_io_executor& executor() const;

 private:
  struct State {
    explicit State(const asio::any_io_executor& executor);
    asio::any_io_executor executor;
    std::list<asio::cancellation_signal> signals;  // one per running task; stable addresses
    Condition idle;  // notified when the last task ends
    std::exception_ptr error;
    bool stopping = false;
  };
  std::shared_ptr<State> state_;
};

}  // namespace corrent::net
