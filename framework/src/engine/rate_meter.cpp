#include "corrent/engine/rate_meter.hpp"

#include <algorithm>

namespace corrent::engine {

std::int64_t RateMeter::slot_of(time_point t) {
  return std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch()) / kBucketLength;
}

void RateMeter::add(std::uint64_t bytes, time_point now) {
  const std::int64_t slot = slot_of(now);
  Bucket& b = buckets_[static_cast<std::size_t>(slot) % kRateBuckets];
  if (b.slot != slot) b = Bucket{slot, 0};
  b.bytes += bytes;
  total_ += bytes;
  if (!first_slot_) first_slot_ = slot;
}

std::uint64_t RateMeter::rate(time_point now) const {
  if (!first_slot_) return 0;
  const std::int64_t slot = slot_of(now);
  const auto n = static_cast<std::int64_t>(kRateBuckets);
  std::uint64_t sum = 0;
  for (const Bucket& b : buckets_) {
    if (b.slot >= 0 && b.slot <= slot && slot - b.slot < n) sum += b.bytes;
  }
  // The window runs from the start of its oldest bucket (or of the first one ever) to now.
  const std::int64_t oldest = std::max(slot - n + 1, *first_slot_);
  const auto start = std::chrono::milliseconds{oldest * kBucketLength.count()};
  const auto now_ms = std::chrono::floor<std::chrono::milliseconds>(now.time_since_epoch());
  const auto span = std::max<std::chrono::milliseconds>(now_ms - start, kBucketLength);
  return static_cast<std::uint64_t>(static_cast<double>(sum) * 1000.0 /
                                    static_cast<double>(span.count()));
}

}  // namespace corrent::engine
