#pragma once
// run_on(executor, fn): runs a blocking fn() on another executor (a thread pool or a strand
// over one: the disk pool) and resumes the awaiting coroutine with its result on the
// coroutine's own executor (the network one), keeping that executor's work count up
// meanwhile so its io_context does not run dry.

#include <type_traits>
#include <utility>

#include <asio/associated_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>
#include <asio/use_awaitable.hpp>

#include "corrent/core/task.hpp"

namespace corrent {

/// Runs `fn()` on `ex` and completes, on the awaiting coroutine's executor, with what it
/// returned. `fn` must not throw (errors are values) and must be safe to run on `ex`'s
/// threads; it is moved there, so whatever it captures must outlive nothing but itself.
/// From a coroutine, capture pointers to the frame's values rather than moving them into
/// an init-capture: under GCC 12, `[p = std::move(param)]` of a by-value coroutine
/// parameter left the frame still owning, and freeing, the buffer the job had taken
/// (TorrentDisk::set_file_priorities). The frame outlives the awaited job.
template <class Executor, class Fn>
auto run_on(Executor ex, Fn fn) -> Task<std::invoke_result_t<Fn&>> {
  using T = std::invoke_result_t<Fn&>;
  return asio::async_initiate<decltype(asio::use_awaitable), void(T)>(
      [](auto handler, Executor on, Fn f) {
        auto work = asio::make_work_guard(asio::get_associated_executor(handler));
        asio::post(on, [f = std::move(f), handler = std::move(handler),
                        work = std::move(work)]() mutable {
          T value = f();
          auto back = work.get_executor();
          asio::post(back, [handler = std::move(handler), value = std::move(value)]() mutable {
            std::move(handler)(std::move(value));
          });
        });
      },
      asio::use_awaitable, std::move(ex), std::move(fn));
}

}  // namespace corrent
