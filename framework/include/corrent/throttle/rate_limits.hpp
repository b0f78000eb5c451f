#pragma once
// Rate limits as a user sets them, and the pair of buckets that enforces them for one
// scope (the session, or one torrent).

#include <memory>

#include "corrent/core/clock.hpp"
#include "corrent/throttle/token_bucket.hpp"

namespace corrent::throttle {

/// Download and upload limits in bytes per second; nullopt: unlimited. They count every
/// byte of the peer protocol both ways (blocks, messages, handshakes), as libtorrent does.
struct RateLimits {
  Rate download;
  Rate upload;
  friend bool operator==(const RateLimits&, const RateLimits&) = default;
};

/// A scope's buckets, one per direction. Shared: the connections of the scope hold it.
struct LimitPair {
  explicit LimitPair(RateLimits limits, Clock::time_point now = Clock::now())
      : down(limits.download, now), up(limits.upload, now) {}

  void set(RateLimits limits, Clock::time_point now = Clock::now()) {
    down.set_rate(limits.download, now);
    up.set_rate(limits.upload, now);
  }
  [[nodiscard]] RateLimits get() const { return {down.rate(), up.rate()}; }

  TokenBucket down;
  TokenBucket up;
};

}  // namespace corrent::throttle
