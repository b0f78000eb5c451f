#include "corrent/net/task_group.hpp"

#include <system_error>
#include <utility>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/co_spawn.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/error.hpp>
#include <asio/this_coro.hpp>

namespace corrent::net {

namespace {

// A task that was cancelled may end by an operation_aborted exception (Asio's
// throw_if_cancelled default); that is how it stops, not a failure.
bool is_cancellation(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::system_error& e) {
    return e.code() == asio::error::operation_aborted;
  } catch (...) {
    return false;
  }
}

}  // namespace

TaskGroup::State::State(const asio::any_io_executor& ex)
    : executor(ex), idle(ex) {}

TaskGroup::TaskGroup(asio::any_io_executor executor)
    : state_(std::make_shared<State>(executor)) {}

TaskGroup::~TaskGroup() {
  for (auto& signal : state_->signals) signal.emit(asio::cancellation_type::terminal);
}

void TaskGroup::spawn(Task<void> task) {
  auto& signal = state_->signals.emplace_back();
  auto where = std::prev(state_->signals.end());
  asio::co_spawn(state_->executor, std::move(task),
                 asio::bind_cancellation_slot(
                     signal.slot(), [state = state_, where](std::exception_ptr error) {
                       if (error && !state->error && !is_cancellation(error)) state->error = error;
                       state->signals.erase(where);
                       if (state->signals.empty()) state->idle.notify_all();
                     }));
  // co_spawn only posts the start, so the signal reaches the task even before it runs.
  if (state_->stopping) signal.emit(asio::cancellation_type::terminal);
}

Task<void> TaskGroup::stop() {
  // Held by value: the group may be destroyed by whoever resumes after the last task.
  const auto state = state_;
  state->stopping = true;
  for (auto& signal : state->signals) signal.emit(asio::cancellation_type::terminal);
  // Cancelled itself, stop() returns early: the tasks have their signal and end on their
  // own, holding the shared state.
  (void)co_await state->idle.wait_until([&state] { return state->signals.empty(); });
  if (state->error) std::rethrow_exception(std::exchange(state->error, nullptr));
}

Task<bool> TaskGroup::stop_within(std::chrono::milliseconds grace) {
  using namespace asio::experimental::awaitable_operators;
  const auto state = state_;  // by value, as in stop()
  state->stopping = true;
  Timer timer(state->executor);
  bool in_time = true;
  for (;;) {
    // Emitted again on every round: a task that reset its cancellation state is attached
    // to the same slot, so this aborts the operation it waits on now.
    for (auto& signal : state->signals) signal.emit(asio::cancellation_type::terminal);
    if (state->signals.empty()) break;
    timer.expires_after(grace);
    auto idle = state->idle.wait_until([&state] { return state->signals.empty(); });  // named: GCC 12
    const auto first = co_await (std::move(idle) || timer.async_wait(use_nothrow));
    if (first.index() == 0) break;  // all ended, or we are cancelled ourselves (as stop())
    in_time = false;
  }
  if (state->error) std::rethrow_exception(std::exchange(state->error, nullptr));
  co_return in_time;
}

Task<void> TaskGroup::wait() {
  const auto state = state_;
  if (!co_await state->idle.wait_until([&state] { return state->signals.empty(); })) {
    // Our waiter is being cancelled: stop the tasks, then wait for them to end. Waiting
    // needs a fresh cancellation state, which forgets the cancellation; so it is handed
    // back to the caller as Asio ends any cancelled co_await, by operation_aborted.
    // Returning normally instead let a caller run on as if nothing had happened (the DHT
    // plugin then slept a whole announce interval inside a stop()).
    co_await asio::this_coro::reset_cancellation_state();
    co_await stop();
    throw std::system_error(std::error_code(asio::error::operation_aborted));
  }
  if (state->error) std::rethrow_exception(std::exchange(state->error, nullptr));
}

std::size_t TaskGroup::size() const { return state_->signals.size(); }

const asio::any_io_executor& TaskGroup::executor() const { return state_->executor; }

}  // namespace corrent::net
