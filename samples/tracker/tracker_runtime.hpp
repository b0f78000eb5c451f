#pragma once
// The framework composed for corrent-tracker: an io_context and StandardTrackers (the
// tracker_http and tracker_udp plugins built from the optional --config file, and a
// TrackerClient that picks the protocol by URL scheme).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <tl/expected.hpp>

#include "corrent/core/task.hpp"
#include "corrent/plugins/standard_trackers.hpp"
#include "corrent/tracker/tracker_client.hpp"
#include "tracker_cli.hpp"

namespace corrent::tracker_cli {

class TrackerRuntime {
 public:
  /// Builds StandardTrackers (tracker_http and tracker_udp) with the --config file (if any).
  /// The error is a line for people (which file, which section, what is wrong).
  static tl::expected<std::unique_ptr<TrackerRuntime>, std::string> create(const CommonOptions& options);

  ~TrackerRuntime();
  TrackerRuntime(const TrackerRuntime&) = delete;
  TrackerRuntime& operator=(const TrackerRuntime&) = delete;

  [[nodiscard]] asio::io_context& io() { return io_; }
  [[nodiscard]] const tracker::TrackerClient& client() const { return trackers_->client(); }

  /// Runs `task` on the io_context to completion, then stops the plugins; returns the
  /// task's value (an exit code).
  int run(Task<int> task);

 private:
  TrackerRuntime() = default;

  asio::io_context io_;
  std::unique_ptr<plugins::StandardTrackers> trackers_;  // after io_: destroyed before it
};

/// Awaits `op` with Asio's throw-on-cancel turned off for it, so that an operation that
/// still awaits something after being cancelled gets error values, not an exception.
template <class T>
Task<T> without_cancel_exceptions(Task<T> op) {
  co_await asio::this_coro::throw_if_cancelled(false);
  co_return co_await std::move(op);
}

/// `op`, unless `limit` passes first: then nullopt (and `op` is cancelled).
template <class T>
Task<std::optional<T>> with_timeout(Task<T> op, std::chrono::steady_clock::duration limit) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer timer(co_await asio::this_coro::executor, limit);
  auto first = co_await (without_cancel_exceptions(std::move(op)) || timer.async_wait(use_nothrow));
  if (first.index() == 0) co_return std::get<0>(std::move(first));
  co_return std::nullopt;
}

}  // namespace corrent::tracker_cli
