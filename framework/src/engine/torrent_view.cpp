// Torrent as its extensions see it (TorrentView): metadata, PEX's peers.
#include <algorithm>

#include "corrent/crypto/sha1.hpp"
#include "corrent/engine/errc.hpp"
#include "corrent/engine/limits.hpp"
#include "corrent/engine/session_limits.hpp"
#include "corrent/metainfo/limits.hpp"
#include "peer.hpp"
#include "torrent.hpp"

namespace corrent::engine {

std::span<const std::byte> Torrent::info_dict() const {
  if (!has_metadata_) return {};
  return std::as_bytes(std::span(meta_.info_bytes));
}

Result<void> Torrent::offer_metadata(std::span<const std::byte> info, const net::Endpoint& from) {
  if (has_metadata_ || stopped_) return {};
  if (info.size() > metainfo::kMaxMetadataSize) return corrent::fail(errc::metadata_too_large);
  const std::string_view bytes(reinterpret_cast<const char*>(info.data()), info.size());
  if (crypto::Sha1::digest(bytes).bytes != meta_.info_hash.bytes) return corrent::fail(errc::metadata_hash_mismatch);
  metainfo::TorrentLimits limits;
  limits.max_torrent_size = metainfo::kMaxMetadataSize;
  auto parsed = metainfo::parse_info_dict(bytes, limits);
  if (!parsed) return corrent::fail(errc::metadata_invalid);
  // What only the magnet link knew: trackers, web seeds, the file selection (BEP 53).
  parsed->trackers = std::move(meta_.trackers);
  parsed->web_seeds = std::move(meta_.web_seeds);
  meta_ = std::move(*parsed);
  if (file_priorities_.empty() && magnet_ && !magnet_->select_only.empty()) {
    file_priorities_.assign(meta_.layout.files().size(), 0);
    for (const auto& [first, last] : magnet_->select_only) {
      for (auto f = first.value; f <= last.value && f < file_priorities_.size(); ++f) {
        file_priorities_[f] = kDefaultPiecePriority;
      }
    }
  }
  has_metadata_ = true;
  make_picker();
  magnet_.reset();
  publish(events::MetadataReceived{meta_.info_hash, meta_.name, info.size(), from});
  metadata_wake_.notify();
  return {};
}

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
    if (peer_set_.add(p)) found.peers.push_back(p.endpoint);
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
