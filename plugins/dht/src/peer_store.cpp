#include "peer_store.hpp"

#include <algorithm>
#include <iterator>

namespace corrent::dht {
namespace {

// splitmix64: spreads the caller's 64 random bits over as many draws as a pick needs,
// deterministically (equal seeds, equal picks: tests stay exact).
class Draws {
 public:
  explicit Draws(std::uint64_t seed) : state_(seed) {}
  /// A number in [0, bound), bound > 0.
  std::uint64_t below(std::uint64_t bound) {
    state_ += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (z ^ (z >> 31)) % bound;
  }

 private:
  std::uint64_t state_;
};

// Selection sampling (Knuth's algorithm S): `wanted` of the `total` items for which
// `take(i)` is called, each subset equally likely, in order.
template <class Take>
void select(std::size_t total, std::size_t wanted, std::uint64_t random, Take take) {
  Draws draws(random);
  for (std::size_t i = 0; i < total && wanted > 0; ++i) {
    if (draws.below(total - i) < wanted) {
      take(i);
      --wanted;
    }
  }
}

}  // namespace

std::size_t PeerStore::purge(std::vector<Peer>& peers, TimePoint now) {
  const auto before = peers.size();
  std::erase_if(peers, [&](const Peer& p) { return now - p.announced >= settings_.lifetime; });
  const auto removed = before - peers.size();
  peer_count_ -= removed;
  return removed;
}

PeerStore::Stored PeerStore::announce(const metainfo::InfoHash& info_hash, const net::Endpoint& peer,
                                      TimePoint now) {
  auto it = torrents_.find(info_hash);
  if (it == torrents_.end()) {
    if (torrents_.size() >= settings_.max_torrents || peer_count_ >= settings_.max_peers) return Stored::store_full;
    it = torrents_.emplace(info_hash, Torrent{}).first;
  }
  auto& list = peer.is_v6() ? it->second.v6 : it->second.v4;
  purge(list, now);
  const auto known = std::find_if(list.begin(), list.end(), [&](const Peer& p) { return p.endpoint == peer; });
  if (known != list.end()) {
    known->announced = now;
    return Stored::refreshed;
  }
  Stored result = Stored::added;
  if (list.size() >= settings_.max_peers_per_torrent) {
    result = Stored::torrent_full;
  } else if (peer_count_ >= settings_.max_peers) {
    result = Stored::store_full;
  } else {
    list.push_back(Peer{peer, now});
    ++peer_count_;
  }
  // A new info-hash whose first announce was refused leaves no empty entry behind.
  if (it->second.v4.empty() && it->second.v6.empty()) torrents_.erase(it);
  return result;
}

std::vector<net::Endpoint> PeerStore::peers(const metainfo::InfoHash& info_hash, bool v6, std::size_t count,
                                            std::uint64_t random, TimePoint now) const {
  std::vector<net::Endpoint> out;
  const auto it = torrents_.find(info_hash);
  if (it == torrents_.end()) return out;
  const auto& list = v6 ? it->second.v6 : it->second.v4;
  std::vector<const Peer*> live;
  live.reserve(list.size());
  for (const auto& p : list) {
    if (now - p.announced < settings_.lifetime) live.push_back(&p);
  }
  out.reserve(std::min(count, live.size()));
  select(live.size(), count, random, [&](std::size_t i) { out.push_back(live[i]->endpoint); });
  return out;
}

std::vector<metainfo::InfoHash> PeerStore::sample(std::size_t count, std::uint64_t random) const {
  std::vector<metainfo::InfoHash> out;
  out.reserve(std::min(count, torrents_.size()));
  auto it = torrents_.begin();
  std::size_t at = 0;
  select(torrents_.size(), count, random, [&](std::size_t i) {
    std::advance(it, static_cast<std::ptrdiff_t>(i - at));
    at = i;
    out.push_back(it->first);
  });
  return out;
}

void PeerStore::expire(TimePoint now) {
  for (auto it = torrents_.begin(); it != torrents_.end();) {
    purge(it->second.v4, now);
    purge(it->second.v6, now);
    it = it->second.v4.empty() && it->second.v6.empty() ? torrents_.erase(it) : std::next(it);
  }
}

}  // namespace corrent::dht
