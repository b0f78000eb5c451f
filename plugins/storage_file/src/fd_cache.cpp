#include "fd_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "corrent/storage/error.hpp"

namespace corrent::plugins::storage_file {

namespace {

std::error_code last_error() { return {errno, std::system_category()}; }

int open_retrying(const char* path, int flags, mode_t mode = 0) {
  int fd = -1;
  do {
    fd = ::open(path, flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

bool is_unlinked(int fd) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 && st.st_nlink == 0;
}

}  // namespace

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

FdCache::FdCache(std::size_t capacity, std::shared_ptr<FdBudget> budget)
    : capacity_(capacity == 0 ? 1 : capacity), budget_(std::move(budget)) {}

FdCache::~FdCache() {
  if (budget_) budget_->open -= lru_.size();
}

Result<std::shared_ptr<Fd>> FdCache::open_file(const std::filesystem::path& path,
                                               bool for_write) {
  if (for_write) {
    int fd = open_retrying(path.c_str(), O_RDWR | O_CREAT, 0644);
    if (fd < 0 && errno == ENOENT) {
      std::error_code ec;
      std::filesystem::create_directories(path.parent_path(), ec);
      if (ec) return tl::make_unexpected(ec);
      fd = open_retrying(path.c_str(), O_RDWR | O_CREAT, 0644);
    }
    if (fd < 0) return tl::make_unexpected(last_error());
    return std::make_shared<Fd>(fd, true);
  }
  int fd = open_retrying(path.c_str(), O_RDWR);
  bool writable = true;
  if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM)) {
    fd = open_retrying(path.c_str(), O_RDONLY);  // seeding from read-only data
    writable = false;
  }
  if (fd < 0 && (errno == ENOENT || errno == ENOTDIR)) return fail(storage::errc::not_present);
  if (fd < 0) return tl::make_unexpected(last_error());
  return std::make_shared<Fd>(fd, writable);
}

Result<std::shared_ptr<Fd>> FdCache::get(FileIndex index, const std::filesystem::path& path,
                                         bool for_write) {
  const std::lock_guard lock(mutex_);
  if (const auto it = by_index_.find(index.value); it != by_index_.end()) {
    const auto entry = it->second;
    // A file deleted under us still reads from its old inode: served, it would hide that
    // the piece is gone (and hand out what the user removed). Reopened by path below, it
    // is not_present (or the file now there). One fstat a read.
    const bool unlinked = !for_write && is_unlinked(entry->fd->get());
    if (!unlinked && (!for_write || entry->fd->writable())) {
      lru_.splice(lru_.begin(), lru_, entry);
      return entry->fd;
    }
    // Written data of an unlinked file has nowhere to be synced to.
    if (entry->fd->take_dirty() && !unlinked) dirty_closed_.insert(index.value);
    lru_.erase(entry);  // read-only: reopen for writing; unlinked: reopen by path
    by_index_.erase(it);
    if (budget_) --budget_->open;
  }
  auto opened = open_file(path, for_write);
  // Out of descriptors (EMFILE, ENFILE): give back our own and try again, rather than fail
  // the torrent while it still holds descriptors it can spare.
  while (!opened && (opened.error() == std::errc::too_many_files_open ||
                     opened.error() == std::errc::too_many_files_open_in_system) &&
         !lru_.empty()) {
    drop_lru_locked();
    opened = open_file(path, for_write);
  }
  if (!opened) return tl::make_unexpected(opened.error());
  auto fd = std::move(*opened);
  lru_.push_front(Entry{index, fd});
  if (budget_) ++budget_->open;
  by_index_[index.value] = lru_.begin();
  evict_locked();
  return fd;
}

void FdCache::evict_locked() {
  while (lru_.size() > capacity_ || (lru_.size() > 1 && over_budget())) drop_lru_locked();
}

bool FdCache::over_budget() const {
  return budget_ && budget_->open.load() > budget_->limit.load();
}

void FdCache::drop_lru_locked() {
  auto& victim = lru_.back();
  if (victim.fd->take_dirty()) dirty_closed_.insert(victim.index.value);
  by_index_.erase(victim.index.value);
  lru_.pop_back();  // closes once no other thread holds it
  if (budget_) --budget_->open;
}

Result<void> FdCache::sync_list(std::vector<std::shared_ptr<Fd>> fds,
                                std::vector<std::filesystem::path> closed) {
  std::error_code first;
  for (const auto& fd : fds) {
    if (fd->take_dirty() && ::fdatasync(fd->get()) != 0 && !first) first = last_error();
  }
  for (const auto& path : closed) {
    const int fd = open_retrying(path.c_str(), O_RDWR);
    if (fd < 0) {
      if (!first) first = last_error();
      continue;
    }
    if (::fdatasync(fd) != 0 && !first) first = last_error();
    ::close(fd);
  }
  if (first) return tl::make_unexpected(first);
  return {};
}

std::size_t FdCache::open_count() const {
  const std::lock_guard lock(mutex_);
  return lru_.size();
}

}  // namespace corrent::plugins::storage_file
