#pragma once
// The trackers of one torrent in BEP 12 tiers, and which one to ask now. Sans-I/O: time
// and randomness are passed in, so tests drive it directly.
//
// BEP 12: the tiers are tried in order; the URLs of a tier are shuffled once, when the
// list is made; a tracker that answers moves to the front of its tier. Here a tracker
// that fails is also backed off (5 s + 12.5 s * fails^2, capped at 60 min, libtorrent's
// tracker_retry_delay), so next() walks down the list to the first tracker not backing
// off: the next one in the tier, then the next tier.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/core/clock.hpp"
#include "corrent/tracker/limits.hpp"

namespace corrent::tracker {

/// How long a failed tracker is left alone: min(cap, base + step * fails^2).
struct TrackerBackoff {
  std::chrono::milliseconds base = kBackoffBase;
  std::chrono::milliseconds step = kBackoffStep;
  std::chrono::milliseconds cap = kBackoffCap;

  /// The delay after `fails` consecutive failures (fails >= 1).
  [[nodiscard]] std::chrono::milliseconds delay(std::uint32_t fails) const;
};

/// The tiers of one torrent and each tracker's state.
class TrackerList {
 public:
  /// A uniform integer in [0, upper) (crypto::random_below in production).
  using RandomBelow = std::function<std::uint32_t(std::uint32_t upper)>;

  /// One tracker.
  struct Entry {
    std::string url;
    std::uint32_t fails = 0;        ///< consecutive failures since the last success
    Clock::time_point retry_at{};   ///< not asked before this (epoch: at once)
    bool gone = false;              ///< never asked again (HTTP 410)
  };

  TrackerList() = default;
  /// The tiers of a torrent (Metainfo's announce-list, or {{announce}}), each shuffled
  /// with `random`. Empty URLs and empty tiers are dropped, and a URL already listed
  /// (in any tier) is dropped again, as libtorrent does.
  TrackerList(std::vector<std::vector<std::string>> tiers, const RandomBelow& random,
              TrackerBackoff backoff = {});

  /// The first URL, in tier order, that is not gone and not backing off at `now`.
  [[nodiscard]] std::optional<std::string> next(Clock::time_point now) const;
  /// When the earliest backing-off tracker may be asked again; nullopt when one may be
  /// asked now (see next()) or none is left.
  [[nodiscard]] std::optional<Clock::time_point> next_retry(Clock::time_point now) const;

  /// `url` answered: its failures are forgotten and it moves to the front of its tier.
  void on_success(std::string_view url);
  /// `url` failed at `now`: it backs off for backoff.delay(fails). `permanent` (HTTP 410)
  /// marks it gone.
  void on_failure(std::string_view url, Clock::time_point now, bool permanent = false);

  /// The tiers, in order, with their current order within each tier.
  [[nodiscard]] const std::vector<std::vector<Entry>>& tiers() const { return tiers_; }
  /// The entry of `url`, or nullptr.
  [[nodiscard]] const Entry* find(std::string_view url) const;
  /// Every URL that is not gone, in tier order.
  [[nodiscard]] std::vector<std::string> urls() const;
  /// No tracker at all (gone ones included).
  [[nodiscard]] bool empty() const { return tiers_.empty(); }

 private:
  Entry* find_mutable(std::string_view url, std::size_t* tier, std::size_t* index);

  std::vector<std::vector<Entry>> tiers_;
  TrackerBackoff backoff_;
};

}  // namespace corrent::tracker
