#pragma once
// Scheduler: transfers wait here for tokens of the buckets they draw from, and are served
// in turn, so that connections sharing a limit share it fairly. One per direction per
// session; every connection's reads (or writes) go through it when a bucket is limited.
//
//   std::array<TokenBucket*, 2> buckets{session_down.get(), torrent_down.get()};
//   const std::size_t granted = co_await scheduler.acquire(buckets, into.size());
//   if (granted == 0) co_return ...;                 // cancelled
//   auto n = co_await stream.read_some(into.first(granted));
//   Scheduler::give_back(buckets, granted - *n);     // what the read did not use
//
// Every kTick the tokens the buckets gained are handed out: each limited bucket is split
// evenly among the waiters drawing from it (a waiter gets the least of its buckets'
// shares), then what is left goes to the waiters still unserved, oldest first. A served
// transfer queues again at the back, so the turns go round. Use it on its executor's
// thread only.

#include <cstddef>
#include <memory>
#include <span>

#include <asio/any_io_executor.hpp>

#include "corrent/core/task.hpp"
#include "corrent/throttle/token_bucket.hpp"

namespace corrent::throttle {

class Scheduler {
 public:
  explicit Scheduler(asio::any_io_executor executor);
  /// Wakes every waiter with nothing granted.
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  /// Whether any of `buckets` (null entries allowed) is limited: if none is, a transfer
  /// need not come here at all.
  [[nodiscard]] static bool any_limited(std::span<TokenBucket* const> buckets) noexcept;

  /// Waits until every limited bucket of `buckets` can give min(want, kMinGrant) tokens,
  /// takes what the turn grants (1..want) from each, and returns it. With no bucket
  /// limited, returns `want` at once. Returns 0 if the awaiting coroutine is cancelled or
  /// the scheduler goes away first (nothing is then taken). The buckets must outlive the
  /// call. `want` must be positive.
  Task<std::size_t> acquire(std::span<TokenBucket* const> buckets, std::size_t want);

  /// Puts `n` tokens of a grant back into each of `buckets` (a read that got fewer bytes).
  static void give_back(std::span<TokenBucket* const> buckets, std::size_t n) noexcept;

  /// A rate changed: hands out at once instead of at the next tick (a bucket made
  /// unlimited frees its waiters now).
  void rates_changed();

  /// Transfers waiting now.
  [[nodiscard]] std::size_t waiting() const noexcept;

  struct State;  // shared with the tick loop, which may outlive the scheduler

 private:
  std::shared_ptr<State> state_;
};

}  // namespace corrent::throttle
