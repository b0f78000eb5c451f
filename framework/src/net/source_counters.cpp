#include "corrent/net/source_counters.hpp"

#include <limits>

namespace corrent::net {

std::uint32_t SourceCounters::record(const Endpoint& source, Clock::time_point now) {
  const Endpoint key = source.with_port(0);
  auto it = windows_.find(key);
  if (it == windows_.end()) {
    if (windows_.size() >= max_sources_) make_room(now);
    it = windows_.emplace(key, Window{now, 0}).first;
  } else if (now - it->second.start >= window_) {
    it->second = Window{now, 0};
  }
  if (it->second.count < std::numeric_limits<std::uint32_t>::max()) ++it->second.count;
  return it->second.count;
}

std::uint32_t SourceCounters::count(const Endpoint& source, Clock::time_point now) const {
  const auto it = windows_.find(source.with_port(0));
  if (it == windows_.end() || now - it->second.start >= window_) return 0;
  return it->second.count;
}

void SourceCounters::make_room(Clock::time_point now) {
  std::erase_if(windows_, [&](const auto& entry) { return now - entry.second.start >= window_; });
  if (windows_.size() < max_sources_) return;
  // Every source is current: a flood of (likely spoofed) sources. Forget them all rather
  // than grow; they are counted afresh from the next datagram.
  windows_.clear();
  ++resets_;
}

}  // namespace corrent::net
