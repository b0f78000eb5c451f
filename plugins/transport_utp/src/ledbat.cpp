#include "ledbat.hpp"

#include <algorithm>
#include <cmath>

namespace corrent::transport_utp {

namespace {

constexpr std::uint64_t kMinuteUs = 60'000'000;

/// a is earlier (smaller) than b on the wrapping 32-bit clock: b - a in (0, 2^31).
constexpr bool delay_before(std::uint32_t a, std::uint32_t b) {
  return a != b && static_cast<std::uint32_t>(b - a) < 0x8000'0000u;
}

constexpr std::uint32_t delay_min(std::uint32_t a, std::uint32_t b) { return delay_before(b, a) ? b : a; }

}  // namespace

Ledbat::Ledbat(LedbatSettings settings, std::uint32_t mss)
    : settings_(settings), mss_(std::max<std::uint32_t>(mss, 1)), cwnd_(0) {
  set_window(static_cast<std::int64_t>(settings_.initial_cwnd_packets) * mss_ << kFractionBits);
}

std::uint32_t Ledbat::min_window() const {
  const std::uint64_t min = std::uint64_t{settings_.min_cwnd_packets} * mss_;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(min, settings_.max_cwnd_bytes));
}

void Ledbat::set_window(std::int64_t fixed) {
  const std::int64_t lo = std::int64_t{min_window()} << kFractionBits;
  const std::int64_t hi = std::int64_t{settings_.max_cwnd_bytes} << kFractionBits;
  fixed = std::clamp(fixed, lo, std::max(lo, hi));
  cwnd_ = static_cast<std::uint32_t>(fixed >> kFractionBits);
  cwnd_frac_ = static_cast<std::uint32_t>(fixed & ((std::int64_t{1} << kFractionBits) - 1));
}

void Ledbat::record_base(std::uint32_t delay_us, std::uint64_t now_us) {
  if (base_count_ == 0) {
    base_[0] = delay_us;
    base_count_ = 1;
    base_minute_start_us_ = now_us;
    return;
  }
  const std::uint64_t minutes = now_us > base_minute_start_us_ ? (now_us - base_minute_start_us_) / kMinuteUs : 0;
  if (minutes == 0) {
    base_[base_count_ - 1] = delay_min(base_[base_count_ - 1], delay_us);
    return;
  }
  base_minute_start_us_ += minutes * kMinuteUs;
  // Each minute that passed without a sample gets this one: it is their least.
  const auto fresh = static_cast<std::size_t>(std::min<std::uint64_t>(minutes, kBaseHistory));
  for (std::size_t i = 0; i < fresh; ++i) {
    if (base_count_ == kBaseHistory) {
      std::move(base_.begin() + 1, base_.end(), base_.begin());
      --base_count_;
    }
    base_[base_count_++] = delay_us;
  }
}

void Ledbat::on_delay_sample(std::uint32_t delay_us, std::uint64_t now_us) {
  current_[current_next_] = delay_us;
  current_next_ = (current_next_ + 1) % kCurrentFilter;
  current_count_ = std::min(current_count_ + 1, kCurrentFilter);
  record_base(delay_us, now_us);
}

std::uint32_t Ledbat::base_delay_us() const {
  std::uint32_t least = base_[0];
  for (std::size_t i = 1; i < base_count_; ++i) least = delay_min(least, base_[i]);
  return least;
}

std::uint32_t Ledbat::current_delay_us() const {
  std::uint32_t least = current_[0];
  for (std::size_t i = 1; i < current_count_; ++i) least = delay_min(least, current_[i]);
  return least;
}

std::uint32_t Ledbat::queueing_delay_us() const {
  if (current_count_ == 0 || base_count_ == 0) return 0;
  const std::uint32_t base = base_delay_us();
  const std::uint32_t current = current_delay_us();
  // A current sample older than the base history can be below the base: no queueing.
  if (!delay_before(base, current)) return 0;
  return current - base;
}

void Ledbat::on_ack(std::uint32_t bytes_acked, std::uint32_t flight_bytes) {
  if (bytes_acked == 0) return;
  const std::uint32_t queueing = queueing_delay_us();
  const std::uint32_t target = std::max<std::uint32_t>(settings_.target_us, 1);
  if (slow_start_ && (queueing >= target / 2 || cwnd_ >= settings_.slow_start_cap_bytes)) slow_start_ = false;

  const std::int64_t old_fixed = (std::int64_t{cwnd_} << kFractionBits) | cwnd_frac_;
  std::int64_t delta = 0;
  if (slow_start_) {
    delta = std::int64_t{bytes_acked} << kFractionBits;
  } else {
    // RFC 6817 2.4.2: cwnd += GAIN * off_target * bytes_newly_acked * MSS / cwnd.
    const double off_target = (static_cast<double>(target) - static_cast<double>(queueing)) / target;
    const double bytes = settings_.gain * off_target * bytes_acked * mss_ / std::max<std::uint32_t>(cwnd_, 1);
    const double floor_bytes = -static_cast<double>(cwnd_) - 1.0;  // keeps the product in range
    delta = std::llround(std::max(bytes, floor_bytes) * (1 << kFractionBits));
  }
  std::int64_t fixed = old_fixed + delta;
  if (delta > 0) {
    // Grow only up to what the flight can use (RFC 6817 2.4.1), never shrinking for it.
    const std::int64_t usable =
        (std::int64_t{flight_bytes} + std::int64_t{settings_.allowed_increase} * mss_) << kFractionBits;
    fixed = std::max(old_fixed, std::min(fixed, usable));
  }
  set_window(fixed);
  if (slow_start_ && cwnd_ >= settings_.slow_start_cap_bytes) slow_start_ = false;
}

void Ledbat::on_loss() {
  const std::int64_t fixed = (std::int64_t{cwnd_} << kFractionBits) | cwnd_frac_;
  set_window(fixed / 2);
  slow_start_ = false;
}

void Ledbat::on_timeout() {
  // One MSS, below the minimum the delay rule keeps (RFC 6817 2.5); the next ack restores it.
  cwnd_ = std::min(mss_, settings_.max_cwnd_bytes);
  cwnd_frac_ = 0;
  slow_start_ = false;
}

void Ledbat::set_mss(std::uint32_t mss) {
  if (mss == 0) return;
  mss_ = mss;
  set_window((std::int64_t{cwnd_} << kFractionBits) | cwnd_frac_);
}

}  // namespace corrent::transport_utp
