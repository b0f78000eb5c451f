#include "corrent/throttle/token_bucket.hpp"

#include <algorithm>
#include <chrono>

#include "corrent/throttle/limits.hpp"

namespace corrent::throttle {

namespace {
constexpr std::uint64_t kNanosPerSecond = 1'000'000'000;
}

TokenBucket::TokenBucket(Rate rate, Clock::time_point now) : rate_(rate), last_(now) {
  if (rate_) tokens_ = depth();
}

void TokenBucket::set_rate(Rate rate, Clock::time_point now) {
  refill(now);
  const bool was_limited = limited();
  rate_ = rate;
  last_ = now;
  carry_ = 0;
  if (!rate_) return;
  tokens_ = was_limited ? std::min(tokens_, depth()) : depth();
}

std::uint64_t TokenBucket::depth() const noexcept {
  if (!rate_) return std::numeric_limits<std::uint64_t>::max();
  const auto window = static_cast<unsigned __int128>(std::chrono::nanoseconds(kBurstWindow).count());
  const auto burst = static_cast<std::uint64_t>(std::min<unsigned __int128>(
      static_cast<unsigned __int128>(*rate_) * window / kNanosPerSecond, std::numeric_limits<std::uint64_t>::max()));
  return std::max<std::uint64_t>(burst, kMinDepth);
}

void TokenBucket::refill(Clock::time_point now) {
  if (now <= last_) return;
  const auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(now - last_).count();
  last_ = now;
  if (!rate_) return;
  const std::uint64_t cap = depth();
  if (tokens_ >= cap) {
    carry_ = 0;
    return;
  }
  // 128 bits: a fast rate over a long pause overflows 64 (10 GB/s for an hour).
  const unsigned __int128 accrued =
      static_cast<unsigned __int128>(*rate_) * static_cast<unsigned __int128>(elapsed) + carry_;
  const unsigned __int128 whole = accrued / kNanosPerSecond;
  if (whole >= cap - tokens_) {
    tokens_ = cap;
    carry_ = 0;
    return;
  }
  tokens_ += static_cast<std::uint64_t>(whole);
  carry_ = static_cast<std::uint64_t>(accrued % kNanosPerSecond);
}

void TokenBucket::take(std::uint64_t n) noexcept {
  if (!rate_) return;
  tokens_ -= std::min(n, tokens_);
}

void TokenBucket::give_back(std::uint64_t n) noexcept {
  if (!rate_) return;
  tokens_ = std::min(depth(), tokens_ + std::min(n, depth()));
}

}  // namespace corrent::throttle
