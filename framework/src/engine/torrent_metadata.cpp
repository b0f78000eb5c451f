// Torrent while fetching metadata (a magnet link): peers that only run extensions
// (MetadataPeer), the info dictionary they or the resume data offer, and the way out of
// the stage: the storage opened, the peers of the fetch redialled as full peers.
#include <algorithm>

#include "corrent/crypto/sha1.hpp"
#include "corrent/engine/errc.hpp"
#include "corrent/engine/limits.hpp"
#include "corrent/engine/session_limits.hpp"
#include "corrent/metainfo/limits.hpp"
#include "metadata_peer.hpp"
#include "torrent.hpp"

namespace corrent::engine {

// A magnet link: find peers and let the extensions fetch the info dictionary (they hand it
// to offer_metadata). Then open the storage, and have the peers of the fetch reconnect as
// full peers. False if the torrent stopped or failed meanwhile.
Task<bool> Torrent::fetch_metadata() {
  co_await metadata_from_resume();
  start_loops();
  while (!has_metadata_ && !stopped_ && !lifecycle_.failed()) {
    if (!co_await metadata_wake_.wait(kStatsInterval)) co_return false;
  }
  if (stopped_ || lifecycle_.failed()) co_return false;
  if (auto opened = open_storage(); !opened) {
    fail(opened.error(), "opening the storage of the fetched torrent");
    co_return false;
  }
  (void)lifecycle_.metadata_opened();
  for (auto& [key, peer] : metadata_peers_) peer->close(errc::metadata_received);
  co_return true;
}

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
  const auto* fetching = lifecycle_.get<TorrentLifecycle::FetchingMetadata>();
  if (file_priorities_.empty() && fetching != nullptr && !fetching->magnet.select_only.empty()) {
    file_priorities_.assign(meta_.layout.files().size(), 0);
    for (const auto& [first, last] : fetching->magnet.select_only) {
      for (auto f = first.value; f <= last.value && f < file_priorities_.size(); ++f) {
        file_priorities_[f] = kDefaultPiecePriority;
      }
    }
  }
  has_metadata_ = true;
  make_picker();
  publish(events::MetadataReceived{meta_.info_hash, meta_.name, info.size(), from});
  metadata_wake_.notify();
  return {};
}

Task<void> Torrent::run_metadata_peer(PeerKey key) {
  const auto it = metadata_peers_.find(key);
  if (it == metadata_peers_.end()) co_return;
  const std::error_code why = co_await it->second->run(ctx_.extensions);
  const auto done = metadata_peers_.find(key);  // looked up again after the co_await
  if (done == metadata_peers_.end()) co_return;
  const auto remote = done->second->endpoint();
  const bool incoming = done->second->incoming();
  const auto listening_at = done->second->listen_endpoint();
  metadata_peers_.erase(done);
  if (incoming) {
    peer_set_.forget(remote);
    // An incoming peer that said where it listens is dialled back at once: waiting for it
    // to reconnect could take a minute (libtorrent's reconnect time).
    if (why == errc::metadata_received && listening_at && peer_set_.add(*listening_at)) {
      peer_set_.retry_now(*listening_at);
    }
  } else {
    peer_set_.on_closed(remote, false, Clock::now());
    // Closed because the metadata came (from it or another): connect again at once.
    if (why == errc::metadata_received) peer_set_.retry_now(remote);
  }
  connect_wake_.notify();
}

}  // namespace corrent::engine
