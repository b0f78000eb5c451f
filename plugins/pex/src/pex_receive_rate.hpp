#pragma once
// The receiving rule of ut_pex, sans-I/O (the caller passes the time): a peer's first
// message is taken; later ones are taken only kPexMinReceiveGap after the last one taken.
// Early ones are ignored and counted; past kMaxEarlyPexMessages of them the peer is to be
// closed (pex::errc::too_frequent).

#include <chrono>
#include <cstdint>
#include <optional>

#include "corrent/core/clock.hpp"
#include "corrent/core/result.hpp"

namespace corrent::pex {

class PexReceiveRate {
 public:

  /// Whether the message arriving at `now` is to be used (true) or ignored (false); an
  /// error once too many came early.
  Result<bool> on_message(Clock::time_point now);

  [[nodiscard]] std::uint32_t ignored() const { return ignored_; }

 private:
  std::optional<Clock::time_point> last_taken_;
  std::uint32_t ignored_ = 0;
};

}  // namespace corrent::pex
