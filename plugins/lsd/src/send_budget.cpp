#include "send_budget.hpp"

#include <algorithm>

namespace corrent::lsd {

SendBudget::SendBudget(Clock::time_point now, std::uint32_t burst, Clock::duration refill)
    : burst_(std::max<std::uint32_t>(burst, 1)), refill_(refill), tokens_(burst_), last_refill_(now) {}

void SendBudget::refill(Clock::time_point now) {
  if (tokens_ == burst_) {
    last_refill_ = now;  // a full bucket does not bank time
    return;
  }
  if (now <= last_refill_) return;
  const auto whole = static_cast<std::uint64_t>((now - last_refill_) / refill_);
  if (whole == 0) return;
  tokens_ = static_cast<std::uint32_t>(std::min<std::uint64_t>(burst_, tokens_ + whole));
  last_refill_ = tokens_ == burst_ ? now : last_refill_ + refill_ * static_cast<std::int64_t>(whole);
}

Clock::time_point SendBudget::next_allowed(Clock::time_point now) {
  refill(now);
  return tokens_ > 0 ? now : last_refill_ + refill_;
}

bool SendBudget::try_take(Clock::time_point now) {
  refill(now);
  if (tokens_ == 0) return false;
  if (tokens_ == burst_) last_refill_ = now;  // the refill clock starts with the first token used
  --tokens_;
  return true;
}

std::uint32_t SendBudget::tokens(Clock::time_point now) {
  refill(now);
  return tokens_;
}

}  // namespace corrent::lsd
