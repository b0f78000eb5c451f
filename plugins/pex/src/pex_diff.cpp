#include "pex_diff.hpp"

#include <algorithm>

#include "pex_limits.hpp"

namespace corrent::pex {

std::uint8_t flags_of(const ConnectedPeer& peer) {
  std::uint8_t flags = 0;
  if (peer.seed) flags |= kFlagSeed;
  if (peer.outgoing) flags |= kFlagReachable;
  if (peer.transport == "utp") flags |= kFlagUtp;  // we reach it by uTP, so it speaks it
  return flags;
}

PexMessage PexDiff::next(std::span<const ConnectedPeer> now, std::span<const net::Endpoint> exclude) {
  const auto listable = [&](const net::Endpoint& e) {
    return e.port() != 0 && std::find(exclude.begin(), exclude.end(), e) == exclude.end();
  };
  std::set<net::Endpoint> current;
  for (const auto& p : now) {
    if (listable(p.endpoint)) current.insert(p.endpoint);
  }
  PexMessage m;
  // Dropped first, from the old set, so that a peer added below is never also dropped.
  for (auto it = told_.begin(); it != told_.end() && m.dropped.size() < kMaxDroppedPerMessage;) {
    if (current.contains(*it)) {
      ++it;
      continue;
    }
    m.dropped.push_back(*it);
    it = told_.erase(it);
  }
  for (const auto& p : now) {
    if (m.added.size() >= kMaxAddedPerMessage) break;
    if (!listable(p.endpoint) || told_.contains(p.endpoint)) continue;
    told_.insert(p.endpoint);
    m.added.push_back({p.endpoint, flags_of(p)});
  }
  return m;
}

}  // namespace corrent::pex
