#pragma once
// The disk thread pool: the threads every torrent's storage work runs on (hashing,
// reading, writing), so that nothing blocks the network thread (DESIGN.md, Concurrency).
// One DiskPool per session; each torrent has a TorrentDisk, a strand over this pool.

#include <cstddef>
#include <utility>

#include <asio/thread_pool.hpp>

#include "corrent/core/run_on.hpp"
#include "corrent/storage/limits.hpp"

namespace corrent::storage {

class DiskPool {
 public:
  /// Starts `threads` threads (at least 1).
  explicit DiskPool(std::size_t threads = kDefaultDiskThreads);
  /// stop().
  ~DiskPool();
  DiskPool(const DiskPool&) = delete;
  DiskPool& operator=(const DiskPool&) = delete;

  /// Runs the work already queued, then ends the threads (idempotent). Stop every
  /// TorrentDisk first: work posted after this never runs.
  void stop();

  /// The pool's executor: for strands over it (TorrentDisk makes one per torrent). The pool
  /// itself stays private, so only stop() ends its threads.
  [[nodiscard]] asio::thread_pool::executor_type executor() { return pool_.get_executor(); }
  /// Runs the blocking `fn()` on one of the pool's threads and completes, on the awaiting
  /// coroutine's executor, with its result (run_on).
  template <class Fn>
  auto run(Fn fn) {
    return run_on(executor(), std::move(fn));
  }
  [[nodiscard]] std::size_t threads() const { return threads_; }

 private:
  std::size_t threads_;
  asio::thread_pool pool_;
  bool stopped_ = false;
};

}  // namespace corrent::storage
