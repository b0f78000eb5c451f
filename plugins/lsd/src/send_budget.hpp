#pragma once
// SendBudget: the rate limit on our own announces, a token bucket (kSendBurst tokens, one
// more every kSendRefill; lsd_limits.hpp gives the sources). Sans I/O: the caller passes
// the time.

#include <cstdint>

#include "corrent/core/clock.hpp"
#include "lsd_limits.hpp"

namespace corrent::lsd {

class SendBudget {
 public:
  /// Full at `now`. `burst` >= 1.
  SendBudget(Clock::time_point now, std::uint32_t burst = kSendBurst, Clock::duration refill = kSendRefill);

  /// When the next announce may go: `now` if a token is left, else when one comes back.
  [[nodiscard]] Clock::time_point next_allowed(Clock::time_point now);
  /// Takes a token if one is left at `now`; false (and nothing taken) if none.
  bool try_take(Clock::time_point now);
  /// Tokens left at `now`.
  [[nodiscard]] std::uint32_t tokens(Clock::time_point now);

 private:
  void refill(Clock::time_point now);

  std::uint32_t burst_;
  Clock::duration refill_;
  std::uint32_t tokens_;
  Clock::time_point last_refill_;  // the time the last whole token was added (or the start)
};

}  // namespace corrent::lsd
