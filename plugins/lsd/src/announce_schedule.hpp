#pragma once
// AnnounceSchedule: when each info-hash we announce is due. A torrent is due at once when
// added (BEP 14: announce on joining a swarm) and again `interval` after each announce
// that carried it. Sans I/O: the caller passes the time.

#include <cstddef>
#include <map>
#include <optional>
#include <vector>

#include "corrent/core/clock.hpp"
#include "corrent/plugin/info_hash_bytes.hpp"

namespace corrent::lsd {

class AnnounceSchedule {
 public:
  explicit AnnounceSchedule(Clock::duration interval) : interval_(interval) {}

  /// Adds `info_hash`, due at `now`. Returns false if it was already there (its time stays).
  bool add(const InfoHashBytes& info_hash, Clock::time_point now);
  /// Removes it; false if absent.
  bool remove(const InfoHashBytes& info_hash);
  /// The earliest due time, or nullopt when empty.
  [[nodiscard]] std::optional<Clock::time_point> next_due() const;
  /// The info-hashes due at `now`, longest overdue first.
  [[nodiscard]] std::vector<InfoHashBytes> due(Clock::time_point now) const;
  /// Records that `info_hash` was announced at `now`: due again at now + interval.
  void mark_sent(const InfoHashBytes& info_hash, Clock::time_point now);

  [[nodiscard]] std::size_t size() const { return due_at_.size(); }
  [[nodiscard]] Clock::duration interval() const { return interval_; }

 private:
  Clock::duration interval_;
  std::map<InfoHashBytes, Clock::time_point> due_at_;
};

}  // namespace corrent::lsd
