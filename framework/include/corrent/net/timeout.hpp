#pragma once
// with_timeout: bounds any Task<Result<T>> in time (STYLE.md rule 7). The operation and a
// Timer race under awaitable_operators' `||`; whichever loses is cancelled and
// awaited, so nothing is left running when with_timeout returns.

#include <chrono>
#include <utility>
#include <variant>

#include <asio/experimental/awaitable_operators.hpp>
#include "corrent/core/clock.hpp"
#include <asio/this_coro.hpp>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/error.hpp"

namespace corrent::net {

/// The result of `op`, or net::errc::timed_out if it did not finish within `limit` (it
/// is then cancelled: it sees operation_aborted on the wait it was in). Result<T> must be
/// default-constructible, as `||` requires.
template <class T>
Task<Result<T>> with_timeout(Task<Result<T>> op, Clock::duration limit) {
  using asio::experimental::awaitable_operators::operator||;
  Timer timer(co_await asio::this_coro::executor, limit);
  auto outcome = co_await (std::move(op) || timer.async_wait(use_nothrow));
  if (outcome.index() == 0) co_return std::move(std::get<0>(outcome));
  co_return fail(errc::timed_out);
}

}  // namespace corrent::net
