#pragma once
// The disk thread pool: the threads every torrent's storage work runs on (hashing,
// reading, writing), so that nothing blocks the network thread (DESIGN.md, Concurrency).
// One DiskPool per session; each torrent has a TorrentDisk, a strand over this pool.

#include <cstddef>
#include <optional>
#include <utility>

#include <asio/any_io_executor.hpp>
#include <asio/thread_pool.hpp>

#include "corrent/core/run_on.hpp"
#include "corrent/storage/limits.hpp"

namespace corrent::storage {

class DiskPool {
 public:
  /// Starts `threads` threads (at least 1).
  explicit DiskPool(std::size_t threads = kDefaultDiskThreads);
  /// No threads: every job runs on `inline_on` (the network executor), one after another.
  /// Blocks that executor while it hashes or writes, so it is for simulations and tests
  /// that must run the same way every time (SessionSettings::disk_threads = 0).
  explicit DiskPool(asio::any_io_executor inline_on);
  /// stop().
  ~DiskPool();
  DiskPool(const DiskPool&) = delete;
  DiskPool& operator=(const DiskPool&) = delete;

  /// Runs the work already queued, then ends the threads (idempotent). Stop every
  /// TorrentDisk first: work posted after this never runs.
  void stop();

  /// The pool's executor (or the inline one): for strands over it (TorrentDisk makes one
  /// per torrent). The pool itself stays private, so only stop() ends its threads.
  [[nodiscard]] asio::any_io_executor executor() { return executor_; }
  /// Runs the blocking `fn()` on one of the pool's threads and completes, on the awaiting
  /// coroutine's executor, with its result (run_on).
  template <class Fn>
  auto run(Fn fn) {
    return run_on(executor(), std::move(fn));
  }
  /// The pool's threads; 0 when jobs run inline.
  [[nodiscard]] std::size_t threads() const { return threads_; }

 private:
  std::size_t threads_;
  std::optional<asio::thread_pool> pool_;  // empty when inline
  asio::any_io_executor executor_;
  bool stopped_ = false;
};

}  // namespace corrent::storage
