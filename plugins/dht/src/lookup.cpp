#include "lookup.hpp"

#include <algorithm>

#include "corrent/bencode/encode.hpp"

namespace corrent::dht {
namespace {

bool same_address(const net::Endpoint& a, const net::Endpoint& b) {
  return a.is_v6() == b.is_v6() && std::ranges::equal(a.address_bytes(), b.address_bytes());
}

}  // namespace

Lookup::Lookup(Settings settings, std::span<const NodeEntry> seeds, TimePoint now)
    : settings_(settings), started_(now) {
  for (const auto& node : seeds) add_candidate(node);
}

void Lookup::add_candidate(const NodeEntry& node) {
  if (node.endpoint.is_v6() != settings_.v6 || node.endpoint.port() == 0 || node.endpoint.is_unspecified()) return;
  if (node.id == settings_.self) return;
  for (const auto& c : candidates_) {
    if (c.node.id == node.id) return;
    if (settings_.one_candidate_per_ip ? same_address(c.node.endpoint, node.endpoint) : c.node.endpoint == node.endpoint) {
      return;
    }
  }
  Candidate fresh{node, distance(node.id, settings_.target), State::fresh, std::nullopt};
  const auto at = std::lower_bound(candidates_.begin(), candidates_.end(), fresh.distance,
                                   [](const Candidate& c, const NodeId& d) { return c.distance < d; });
  candidates_.insert(at, std::move(fresh));
  trim();
}

void Lookup::trim() {
  // Drop the farthest candidates not in flight; those in flight stay until they answer or
  // fail (at most alpha of them), so the list never outgrows max_candidates + alpha.
  while (candidates_.size() > settings_.max_candidates) {
    const auto victim = std::find_if(candidates_.rbegin(), candidates_.rend(),
                                     [](const Candidate& c) { return c.state != State::in_flight; });
    if (victim == candidates_.rend()) return;
    candidates_.erase(std::prev(victim.base()));
  }
}

void Lookup::add_peer(const net::Endpoint& peer) {
  if (peers_.size() >= kMaxLookupPeers || peer.port() == 0) return;
  if (std::find(peers_.begin(), peers_.end(), peer) == peers_.end()) peers_.push_back(peer);
}

Lookup::Candidate* Lookup::in_flight_at(const net::Endpoint& from) {
  const auto it = std::find_if(candidates_.begin(), candidates_.end(), [&](const Candidate& c) {
    return c.state == State::in_flight && c.node.endpoint == from;
  });
  return it == candidates_.end() ? nullptr : &*it;
}

std::vector<NodeEntry> Lookup::next(TimePoint now) {
  std::vector<NodeEntry> out;
  if (done(now)) return out;
  // Walk nearest first until k candidates have answered (libtorrent's traversal does the
  // same): the fresh ones met on the way are queried while fewer than alpha are in flight.
  std::size_t answered = 0;
  for (auto& c : candidates_) {
    if (answered >= kBucketSize || in_flight_ >= settings_.alpha || queries_ >= settings_.max_queries) break;
    if (c.state == State::answered) ++answered;
    if (c.state != State::fresh) continue;
    c.state = State::in_flight;
    ++in_flight_;
    ++queries_;
    out.push_back(c.node);
  }
  return out;
}

void Lookup::on_reply(const net::Endpoint& from, const Response& response) {
  Candidate* c = in_flight_at(from);
  if (!c) return;
  --in_flight_;
  // A node answering with another id than the one we were told is lying or has moved;
  // either way its nodes are not trusted.
  if (response.id != c->node.id) {
    c->state = State::failed;
    return;
  }
  c->state = State::answered;
  if (settings_.kind == Kind::get_peers) {
    c->token = response.token;
    for (const auto& peer : response.values) add_peer(peer);
  } else if (settings_.kind == Kind::get) {
    c->token = response.token;
    take_item(response);
  } else if (settings_.kind == Kind::sample_infohashes) {
    take_samples(c->node, response);
  }
  // add_candidate() may move the candidates: `c` is not used past this point.
  for (const auto& node : response.nodes) add_candidate(node);
}

void Lookup::take_item(const Response& response) {
  if (!response.value) return;
  if (settings_.item_key) {
    take_mutable(response, *response.value);
  } else {
    take_immutable(*response.value);
  }
}

void Lookup::take_immutable(const bencode::Value& value) {
  // The decoder keeps only canonical values, so this is the encoding the target hashes.
  auto encoded = bencode::encode(value);
  if (encoded.size() > kMaxItemValueSize || immutable_target(encoded) != settings_.target) {
    ++items_ignored_;
    return;
  }
  if (!immutable_value_) immutable_value_ = std::move(encoded);
}

void Lookup::take_mutable(const Response& response, const bencode::Value& value) {
  if (!response.key || !response.signature || !response.seq || *response.key != *settings_.item_key ||
      mutable_target(*response.key, settings_.salt) != settings_.target) {
    ++items_ignored_;
    return;
  }
  // Only a newer item is worth a signature check (the costly part); an equal seq keeps
  // the first one seen.
  if (mutable_item_ && *response.seq <= mutable_item_->seq) return;
  MutableItem item{*response.key, settings_.salt, *response.seq, bencode::encode(value), *response.signature};
  if (item.value.size() > kMaxItemValueSize || !item.verified()) {
    ++items_ignored_;
    return;
  }
  mutable_item_ = std::move(item);
}

void Lookup::take_samples(const NodeEntry& node, const Response& response) {
  if (!response.samples) return;
  sample_sources_.push_back(
      SampleSource{node, response.num.value_or(0), response.interval.value_or(0), response.samples->size()});
  for (const auto& hash : *response.samples) {
    if (samples_.size() >= kMaxLookupSamples) break;
    if (sampled_.insert(hash).second) samples_.push_back(hash);
  }
}

void Lookup::on_failure(const net::Endpoint& from) {
  if (Candidate* c = in_flight_at(from)) {
    c->state = State::failed;
    --in_flight_;
  }
}

bool Lookup::converged() const {
  // The k nearest candidates that did not fail have all answered (or fewer than k are
  // left, and all of them have).
  std::size_t answered = 0;
  for (const auto& c : candidates_) {
    if (c.state == State::failed) continue;
    if (c.state != State::answered) return false;
    if (++answered == kBucketSize) return true;
  }
  return true;
}

bool Lookup::done(TimePoint now) const {
  if (now - started_ >= settings_.time_limit) return true;
  // An immutable value checked against its hash is the item: nobody can offer a better one.
  if (settings_.kind == Kind::get && !settings_.item_key && settings_.stop_at_value && immutable_value_) return true;
  if (queries_ >= settings_.max_queries && in_flight_ == 0) return true;
  return converged();
}

std::vector<NodeEntry> Lookup::closest() const {
  std::vector<NodeEntry> out;
  for (const auto& c : candidates_) {
    if (out.size() == kBucketSize) break;
    if (c.state == State::answered) out.push_back(c.node);
  }
  return out;
}

std::vector<Lookup::Responder> Lookup::announce_targets() const {
  std::vector<Responder> out;
  std::size_t answered = 0;
  for (const auto& c : candidates_) {
    if (answered == kBucketSize) break;
    if (c.state != State::answered) continue;
    ++answered;
    if (c.token) out.push_back(Responder{c.node, c.token});
  }
  return out;
}

}  // namespace corrent::dht
