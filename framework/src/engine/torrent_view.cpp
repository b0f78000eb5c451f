// Torrent as its extensions see it (TorrentView): PEX's peers. (The metadata part is in
// torrent_metadata.cpp.)
#include <algorithm>

#include "corrent/engine/errc.hpp"
#include "corrent/engine/limits.hpp"
#include "corrent/engine/session_limits.hpp"
#include "peer.hpp"
#include "torrent.hpp"

namespace corrent::engine {

// Whether `p` is most likely us: our listen port on a loopback address. PEX lists every
// peer, the receiver included (libtorrent does), and dialling ourselves only to be refused
// as a self-connection wastes a slot. (Our public address is not known here.)
bool Torrent::is_self(const net::Endpoint& p) const {
  if (ctx_.ports == nullptr || p.port() != ctx_.ports->tcp) return false;
  const auto a = p.address_bytes();
  if (p.is_v4()) return a[0] == 127;
  return std::all_of(a.begin(), a.end() - 1, [](auto b) { return b == 0; }) && a.back() == 1;
}

void Torrent::add_peers(std::span<const net::PeerAddress> peers, std::string_view source,
                        const net::Endpoint& from) {
  if (is_private() || stopped_) return;  // BEP 27: a private torrent's peers come from its trackers only
  events::PeersDiscovered found{meta_.info_hash, std::string(source), from, {}};
  for (const auto& p : peers.first(std::min(peers.size(), kMaxPeersPerOffer))) {
    if (p.endpoint.port() == 0 || is_self(p.endpoint)) continue;
    if (ctx_.limiter->blocked(p.endpoint)) continue;  // never dialled (SessionSettings::ip_filter)
    if (peer_set_.add_introduced(p, from)) found.peers.push_back(p.endpoint);
  }
  if (found.peers.empty()) return;
  connect_wake_.notify();
  publish(std::move(found));
}

std::vector<ConnectedPeer> Torrent::connected_peers() const {
  std::vector<ConnectedPeer> out;
  out.reserve(peers_.size());
  for (const auto& [key, peer] : peers_) {
    if (auto at = peer->listen_endpoint()) {
      out.push_back(ConnectedPeer{*at, peer->is_seed() || peer->upload_only(), !peer->incoming(), peer->transport()});
    }
  }
  return out;
}

}  // namespace corrent::engine
