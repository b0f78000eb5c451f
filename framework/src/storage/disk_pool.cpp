#include "corrent/storage/disk_pool.hpp"

#include <algorithm>

namespace corrent::storage {

DiskPool::DiskPool(std::size_t threads)
    : threads_(std::max<std::size_t>(threads, 1)), pool_(threads_) {}

DiskPool::~DiskPool() { stop(); }

void DiskPool::stop() {
  if (stopped_) return;
  stopped_ = true;
  pool_.join();  // runs what is queued, then the threads end
}

}  // namespace corrent::storage
