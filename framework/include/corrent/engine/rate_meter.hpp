#pragma once
// A transfer rate over a sliding window. Sans-I/O: the time is passed in, never read.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>

#include "corrent/core/clock.hpp"
#include "corrent/engine/limits.hpp"

namespace corrent::engine {

/// Bytes per second over the last kRateWindow, kept as kRateBuckets buckets, plus the
/// total. Times passed in must not go backwards (Clock's do not).
class RateMeter {
 public:
  using time_point = Clock::time_point;

  /// `bytes` were transferred at `now`.
  void add(std::uint64_t bytes, time_point now);
  /// Bytes per second over the window ending at `now`. While the meter is younger than
  /// the window, over its age (at least one bucket), so a new peer's rate is not
  /// underestimated; 0 after a window of silence.
  [[nodiscard]] std::uint64_t rate(time_point now) const;
  /// Every byte ever added.
  [[nodiscard]] std::uint64_t total() const noexcept { return total_; }

 private:
  static constexpr std::chrono::milliseconds kBucketLength{
      kRateWindow.count() / static_cast<std::chrono::milliseconds::rep>(kRateBuckets)};
  struct Bucket {
    std::int64_t slot = -1;  // time / kBucketLength of the bucket's start; -1 = unused
    std::uint64_t bytes = 0;
  };
  static std::int64_t slot_of(time_point t);

  std::array<Bucket, kRateBuckets> buckets_{};
  std::uint64_t total_ = 0;
  std::optional<std::int64_t> first_slot_;
};

}  // namespace corrent::engine
