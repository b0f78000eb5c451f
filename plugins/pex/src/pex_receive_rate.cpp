#include "pex_receive_rate.hpp"

#include "pex_errc.hpp"
#include "pex_limits.hpp"

namespace corrent::pex {

Result<bool> PexReceiveRate::on_message(Clock::time_point now) {
  if (!last_taken_ || now - *last_taken_ >= kPexMinReceiveGap) {
    last_taken_ = now;
    return true;
  }
  if (++ignored_ > kMaxEarlyPexMessages) return fail(errc::too_frequent);
  return false;
}

}  // namespace corrent::pex
