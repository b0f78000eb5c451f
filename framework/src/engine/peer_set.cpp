#include "corrent/engine/peer_set.hpp"

#include "corrent/engine/session_limits.hpp"
#include "corrent/net/peer_priority.hpp"

namespace corrent::engine {

bool PeerSet::add(const net::PeerAddress& address, Clock::time_point not_before) {
  const auto& peer = address.endpoint;
  if (peer.port() == 0 || banned_.contains(peer)) return false;
  if (const auto it = known_.find(peer); it != known_.end()) {
    if (it->second.transport.empty()) it->second.transport = address.transport;
    return false;
  }
  const std::uint32_t priority = self_ ? net::canonical_peer_priority(*self_, peer) : 0;
  if (known_.size() >= kMaxPeerCandidates && !make_room(priority)) return false;
  State state;
  state.retry_at = not_before;
  state.transport = address.transport;
  state.priority = priority;
  known_.emplace(peer, std::move(state));
  by_priority_.emplace(priority, peer);
  queue_.push_back(peer);
  return true;
}

bool PeerSet::add_introduced(const net::PeerAddress& peer, const net::Endpoint& introducer) {
  const bool added = add(peer);
  if (const auto it = known_.find(peer.endpoint); it != known_.end() && !it->second.introducer) {
    it->second.introducer = introducer;
  }
  return added;
}

std::optional<net::Endpoint> PeerSet::introducer(const net::Endpoint& peer) const {
  const auto it = known_.find(peer);
  return it == known_.end() ? std::nullopt : it->second.introducer;
}

bool PeerSet::claim(const net::Endpoint& peer) {
  if (banned_.contains(peer)) return false;
  if (!known_.contains(peer) && !add(peer)) return false;
  auto& state = known_.at(peer);
  if (state.busy) return false;
  state.busy = true;
  return true;
}

bool PeerSet::make_room(std::uint32_t priority) {
  if (!self_) return false;
  for (const auto& [lowest, peer] : by_priority_) {
    if (lowest >= priority) return false;
    const auto it = known_.find(peer);
    if (it->second.busy) continue;  // connected or connecting: not ours to drop here
    erase(it);  // its queue_ entry goes stale
    return true;
  }
  return false;
}

void PeerSet::erase(Known::iterator it) {
  by_priority_.erase({it->second.priority, it->first});
  known_.erase(it);
}

void PeerSet::set_self(const net::Endpoint& self) {
  if (self_ == self) return;
  self_ = self;
  by_priority_.clear();
  for (auto& [peer, state] : known_) {
    state.priority = net::canonical_peer_priority(self, peer);
    by_priority_.emplace(state.priority, peer);
  }
}

void PeerSet::remember_transport(const net::Endpoint& peer, std::string_view transport) {
  if (const auto it = known_.find(peer); it != known_.end()) it->second.transport = transport;
}

std::optional<net::PeerAddress> PeerSet::next(Clock::time_point now, bool skip_seeds) {
  // Each queued entry is looked at once per call: those not ready go to the back.
  for (std::size_t n = queue_.size(); n > 0; --n) {
    const net::Endpoint peer = queue_.front();
    queue_.pop_front();
    const auto it = known_.find(peer);
    if (it == known_.end() || it->second.busy) continue;  // stale: forgotten or in use
    if (it->second.retry_at > now || (skip_seeds && it->second.seed)) {
      queue_.push_back(peer);
      continue;
    }
    it->second.busy = true;
    return net::PeerAddress{peer, it->second.transport};
  }
  return std::nullopt;
}

void PeerSet::on_connected(const net::Endpoint& peer) {
  auto [it, added] = known_.try_emplace(peer);
  if (added) {
    it->second.priority = self_ ? net::canonical_peer_priority(*self_, peer) : 0;
    by_priority_.emplace(it->second.priority, peer);
  }
  it->second.busy = true;
  it->second.failures = 0;
}

bool PeerSet::busy(const net::Endpoint& peer) const {
  const auto it = known_.find(peer);
  return it != known_.end() && it->second.busy;
}

void PeerSet::on_closed(const net::Endpoint& peer, bool failed, Clock::time_point now) {
  const auto it = known_.find(peer);
  if (it == known_.end()) return;
  it->second.busy = false;
  if (banned_.contains(peer)) return;
  if (failed && ++it->second.failures >= kMaxConnectFailures) {
    erase(it);
    return;
  }
  it->second.retry_at = now + kConnectRetryDelay * std::max<std::uint32_t>(1, it->second.failures);
  queue_.push_back(peer);
}

void PeerSet::set_seed(const net::Endpoint& peer, bool seed) {
  if (const auto it = known_.find(peer); it != known_.end()) it->second.seed = seed;
}

void PeerSet::retry_seeds_now() {
  for (auto& [endpoint, state] : known_) {
    if (state.seed && !state.busy) state.retry_at = {};
  }
}

void PeerSet::retry_now(const net::Endpoint& peer) {
  if (const auto it = known_.find(peer); it != known_.end()) it->second.retry_at = {};
}

void PeerSet::ban(const net::Endpoint& peer) {
  banned_.insert(peer);
  if (const auto it = known_.find(peer); it != known_.end() && !it->second.busy) erase(it);
}

}  // namespace corrent::engine
