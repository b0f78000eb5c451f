#include <utility>

#include "corrent/plugins/storage_memory.hpp"

namespace corrent::plugins {

void MemorySeedData::put(const metainfo::InfoHash& info_hash, std::vector<std::byte> payload) {
  const std::lock_guard lock(mutex_);
  payloads_[info_hash] = std::move(payload);
}

std::optional<std::vector<std::byte>> MemorySeedData::take(const metainfo::InfoHash& info_hash) {
  const std::lock_guard lock(mutex_);
  const auto it = payloads_.find(info_hash);
  if (it == payloads_.end()) return std::nullopt;
  auto payload = std::move(it->second);
  payloads_.erase(it);
  return payload;
}

void MemorySeedData::forget(const metainfo::InfoHash& info_hash) {
  const std::lock_guard lock(mutex_);
  payloads_.erase(info_hash);
}

}  // namespace corrent::plugins
