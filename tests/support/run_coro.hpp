#pragma once
// run_coro(io, task, timeout): runs a coroutine to completion on `io` and returns its
// value, for tests of coroutine code. A coroutine still running after `timeout` fails the
// test instead of hanging it; an exception escaping the coroutine is rethrown.

#include <chrono>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include "corrent/core/task.hpp"

namespace corrent::test {

template <class T>
T run_coro(asio::io_context& io, Task<T> task,
           std::chrono::steady_clock::duration timeout = std::chrono::seconds(5)) {
  bool done = false;
  std::exception_ptr error;
  std::optional<std::conditional_t<std::is_void_v<T>, bool, T>> value;
  if constexpr (std::is_void_v<T>) {
    asio::co_spawn(io, std::move(task), [&](std::exception_ptr e) {
      error = e;
      done = true;
    });
  } else {
    asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T v) {
      error = e;
      if (!e) value.emplace(std::move(v));
      done = true;
    });
  }
  io.restart();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // One handler at a time, so that other work on `io` (servers, timers) does not keep us
  // past the coroutine's end.
  while (!done && std::chrono::steady_clock::now() < deadline) {
    if (io.run_one_until(deadline) == 0 && io.stopped()) break;
  }
  if (!done) BOOST_FAIL("coroutine did not complete within the timeout");
  if (error) std::rethrow_exception(error);
  if constexpr (!std::is_void_v<T>) return std::move(*value);
}

}  // namespace corrent::test
