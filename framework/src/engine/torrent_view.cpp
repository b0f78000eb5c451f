// Torrent as its extensions see it (TorrentView): metadata, PEX's peers.
#include <algorithm>

#include "corrent/engine/session_limits.hpp"
#include "peer.hpp"
#include "torrent.hpp"

namespace corrent::engine {

std::span<const std::byte> Torrent::info_dict() const {
  if (!has_metadata_) return {};
  return std::as_bytes(std::span(meta_.info_bytes));
}

Result<void> Torrent::offer_metadata(std::span<const std::byte> info) {
  (void)info;
  return {};  // the magnet phase fills this in
}

void Torrent::add_peers(std::span<const net::Endpoint> peers, std::string_view source,
                        const net::Endpoint& from) {
  if (is_private() || stopped_) return;  // BEP 27: a private torrent's peers come from its trackers only
  events::PeersDiscovered found{meta_.info_hash, std::string(source), from, {}};
  for (const auto& p : peers.first(std::min(peers.size(), kMaxPeersPerOffer))) {
    if (p.port() == 0) continue;
    if (peer_set_.add(p)) found.peers.push_back(p);
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
      out.push_back(ConnectedPeer{*at, peer->is_seed() || peer->upload_only(), !peer->incoming()});
    }
  }
  return out;
}

}  // namespace corrent::engine
