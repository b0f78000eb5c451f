#pragma once
// The wait before the next discovery after a failure: `first`, doubling each time, never
// more than `max`; reset() after a success. Sans I/O.

#include <algorithm>
#include <chrono>

namespace corrent::nat_upnp {

class RetryBackoff {
 public:
  RetryBackoff(std::chrono::milliseconds first, std::chrono::milliseconds max)
      : first_(first), max_(std::max(first, max)), next_(first) {}

  /// The wait now; the one after is twice as long (up to the maximum).
  std::chrono::milliseconds next() {
    const auto now = next_;
    next_ = std::min(next_ * 2, max_);
    return now;
  }
  void reset() { next_ = first_; }

 private:
  std::chrono::milliseconds first_;
  std::chrono::milliseconds max_;
  std::chrono::milliseconds next_;
};

}  // namespace corrent::nat_upnp
