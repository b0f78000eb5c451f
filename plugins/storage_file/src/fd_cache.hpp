#pragma once
// A bounded LRU of open file descriptors, one torrent's. Safe to use from several threads:
// a descriptor handed out stays open until its last user drops it, even if the cache
// evicts it meanwhile.

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include "corrent/core/result.hpp"
#include "corrent/core/strong_types.hpp"

namespace corrent::plugins::storage_file {

/// An open file, closed on destruction.
class Fd {
 public:
  Fd(int fd, bool writable) : fd_(fd), writable_(writable) {}
  ~Fd();
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  [[nodiscard]] int get() const { return fd_; }
  [[nodiscard]] bool writable() const { return writable_; }
  /// Marks the file as written since the last sync.
  void mark_dirty() { dirty_.store(true, std::memory_order_relaxed); }
  /// Clears the mark, returning whether it was set.
  bool take_dirty() { return dirty_.exchange(false, std::memory_order_relaxed); }

 private:
  int fd_;
  bool writable_;
  std::atomic<bool> dirty_{false};
};

/// The descriptors all torrents of one backend keep open together: the file share of the
/// session's descriptor budget (StorageBackend::set_descriptor_budget). Every FdCache
/// counts into it and, while the total is over the limit, closes its own least recently
/// used descriptors, keeping one; so the total stays within limit + one per torrent.
struct FdBudget {
  std::atomic<std::size_t> limit{static_cast<std::size_t>(-1)};
  std::atomic<std::size_t> open{0};
};

class FdCache {
 public:
  /// Keeps at most `capacity` (>= 1) descriptors open, fewer when `budget` (shared with
  /// the other torrents; may be null) is spent.
  explicit FdCache(std::size_t capacity, std::shared_ptr<FdBudget> budget = nullptr);
  ~FdCache();

  /// The descriptor of file `index` at `path`. With `for_write` the file is opened
  /// read-write and created (0644, with its parent directories) if missing; without it,
  /// a missing file is storage::errc::not_present and a file we may not write is opened
  /// read-only. O_CLOEXEC always.
  Result<std::shared_ptr<Fd>> get(FileIndex index, const std::filesystem::path& path,
                                  bool for_write);

  /// fdatasync of every file written since the last sync, including files evicted since
  /// (reopened for it through `path_of`).
  template <class PathOf>
  Result<void> sync(const PathOf& path_of);

  /// Descriptors open in the cache now.
  [[nodiscard]] std::size_t open_count() const;

 private:
  struct Entry {
    FileIndex index;
    std::shared_ptr<Fd> fd;
  };
  Result<std::shared_ptr<Fd>> open_file(const std::filesystem::path& path, bool for_write);
  Result<void> sync_list(std::vector<std::shared_ptr<Fd>> fds,
                         std::vector<std::filesystem::path> closed);
  void evict_locked();
  void drop_lru_locked();
  [[nodiscard]] bool over_budget() const;

  std::size_t capacity_;
  std::shared_ptr<FdBudget> budget_;
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // most recently used first
  absl::flat_hash_map<std::uint32_t, std::list<Entry>::iterator> by_index_;
  absl::flat_hash_set<std::uint32_t> dirty_closed_;  // written, then evicted before a sync
};

template <class PathOf>
Result<void> FdCache::sync(const PathOf& path_of) {
  std::vector<std::shared_ptr<Fd>> open;
  std::vector<std::filesystem::path> closed;
  {
    const std::lock_guard lock(mutex_);
    for (const auto& e : lru_) open.push_back(e.fd);
    for (const auto i : dirty_closed_) closed.push_back(path_of(FileIndex{i}));
    dirty_closed_.clear();
  }
  return sync_list(std::move(open), std::move(closed));
}

}  // namespace corrent::plugins::storage_file
