#pragma once
// TokenBucket: a rate limit as tokens (bytes) that accrue at a rate up to a depth. Sans
// I/O: the time is passed in, never read, so that it is tested with made-up times.
//
//   TokenBucket bucket(1024 * 1024);          // 1 MiB/s
//   bucket.refill(Clock::now());
//   const auto n = std::min<std::uint64_t>(want, bucket.available());
//   bucket.take(n);                           // ... transfer n bytes

#include <cstdint>
#include <limits>
#include <optional>

#include "corrent/core/clock.hpp"

namespace corrent::throttle {

/// Bytes per second; nullopt: unlimited.
using Rate = std::optional<std::uint64_t>;

class TokenBucket {
 public:
  /// Starts full (a burst's worth may go at once), as of `now`.
  explicit TokenBucket(Rate rate = std::nullopt, Clock::time_point now = Clock::time_point{});

  /// A new rate from `now` on: what accrued until now at the old rate is kept, up to the
  /// new depth. An unlimited bucket that becomes limited starts full.
  void set_rate(Rate rate, Clock::time_point now);
  [[nodiscard]] Rate rate() const noexcept { return rate_; }
  [[nodiscard]] bool limited() const noexcept { return rate_.has_value(); }

  /// Adds what accrued since the last refill (or construction), up to depth().
  void refill(Clock::time_point now);
  /// Tokens there now (as of the last refill); unlimited: the largest count.
  [[nodiscard]] std::uint64_t available() const noexcept {
    return rate_ ? tokens_ : std::numeric_limits<std::uint64_t>::max();
  }
  /// Takes `n` tokens, at most available() (more is clamped).
  void take(std::uint64_t n) noexcept;
  /// Puts back `n` tokens of a grant that was not used, up to depth().
  void give_back(std::uint64_t n) noexcept;
  /// The most tokens kept: kBurstWindow at the rate, at least kMinDepth.
  [[nodiscard]] std::uint64_t depth() const noexcept;

 private:
  Rate rate_;
  std::uint64_t tokens_ = 0;
  // Accrual in byte-nanoseconds not yet a whole byte: a slow rate refilled often still
  // adds up exactly.
  std::uint64_t carry_ = 0;
  Clock::time_point last_;
};

}  // namespace corrent::throttle
