#include "corrent/storage/disk_pool.hpp"

#include <algorithm>

namespace corrent::storage {

DiskPool::DiskPool(std::size_t threads) : threads_(std::max<std::size_t>(threads, 1)) {
  pool_.emplace(threads_);
  executor_ = pool_->get_executor();
}

DiskPool::DiskPool(asio::any_io_executor inline_on) : threads_(0), executor_(std::move(inline_on)) {}

DiskPool::~DiskPool() { stop(); }

void DiskPool::stop() {
  if (stopped_) return;
  stopped_ = true;
  if (pool_) pool_->join();  // runs what is queued, then the threads end
}

}  // namespace corrent::storage
