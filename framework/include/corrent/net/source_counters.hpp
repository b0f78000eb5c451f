#pragma once
// SourceCounters: datagrams counted per source address over a fixed window, in bounded
// memory. The DatagramService counts every datagram it receives; a handler reads the count
// of the datagram in hand (Datagram::recent_from_source) to apply its own rate limit. Sans
// I/O: the caller passes the time.

#include <chrono>
#include <cstdint>
#include <unordered_map>

#include "corrent/core/clock.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/limits.hpp"

namespace corrent::net {

class SourceCounters {
 public:

  /// `window` and `max_sources` default to kSourceCountWindow and kMaxTrackedSources.
  explicit SourceCounters(Clock::duration window = kSourceCountWindow,
                          std::size_t max_sources = kMaxTrackedSources)
      : window_(window), max_sources_(max_sources) {}

  /// Counts one datagram from `source` (its port is ignored) at `now`; returns the count of
  /// the source's current window, this datagram included. A window starts with the first
  /// datagram after the previous one ended.
  std::uint32_t record(const Endpoint& source, Clock::time_point now);
  /// The source's count in its current window at `now` (0 if none).
  [[nodiscard]] std::uint32_t count(const Endpoint& source, Clock::time_point now) const;
  /// Sources tracked now (at most max_sources).
  [[nodiscard]] std::size_t size() const { return windows_.size(); }
  /// How often the table was full of current windows and was reset.
  [[nodiscard]] std::uint64_t resets() const { return resets_; }

 private:
  struct Window {
    Clock::time_point start;
    std::uint32_t count = 0;
  };
  void make_room(Clock::time_point now);

  Clock::duration window_;
  std::size_t max_sources_;
  std::unordered_map<Endpoint, Window> windows_;
  std::uint64_t resets_ = 0;
};

}  // namespace corrent::net
