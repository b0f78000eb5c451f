#pragma once
// The peers announced to us (BEP 5 announce_peer), per info-hash, for get_peers replies
// and BEP 51 samples. Sans-I/O: the caller passes the time and the randomness.
//
// Bounds (dht_limits.hpp): kMaxStoredTorrents info-hashes, kMaxPeersPerTorrent peers per
// info-hash and family, kMaxStoredPeers in all. An announce past a bound is dropped, as
// libtorrent does (the peers we have keep their places; a re-announce of a stored peer is
// always taken, it only refreshes the entry). A peer expires kPeerLifetime after its last
// announce. IPv4 and IPv6 peers are kept apart: a requester gets peers of its own family
// (libtorrent does the same; a v4-only client cannot use v6 peers). Seeds (BEP 33) are
// not told apart.

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "corrent/metainfo/info_hash.hpp"
#include "corrent/net/endpoint.hpp"
#include "dht_limits.hpp"
#include "routing_node.hpp"

namespace corrent::dht {

class PeerStore {
 public:
  struct Settings {
    std::size_t max_torrents = kMaxStoredTorrents;
    std::size_t max_peers_per_torrent = kMaxPeersPerTorrent;  ///< per family
    std::size_t max_peers = kMaxStoredPeers;                  ///< all families, all torrents
    Clock::duration lifetime = kPeerLifetime;
  };

  /// What announce() did.
  enum class Stored {
    added,         ///< a new peer
    refreshed,     ///< the peer was there; its lifetime starts again
    torrent_full,  ///< dropped: the info-hash has max_peers_per_torrent of its family
    store_full,    ///< dropped: max_torrents info-hashes, or max_peers peers in all
  };

  PeerStore() = default;
  explicit PeerStore(Settings settings) : settings_(settings) {}

  /// Stores `peer` (address and port) for `info_hash` at `now`. Expired peers of that
  /// info-hash are dropped first, so they never block a newcomer.
  Stored announce(const metainfo::InfoHash& info_hash, const net::Endpoint& peer, TimePoint now);

  /// Up to `count` live peers of `info_hash` of one family (v6 or not), chosen uniformly
  /// at random by `random` (any 64 bits from the caller: equal inputs give equal picks),
  /// in stored order.
  [[nodiscard]] std::vector<net::Endpoint> peers(const metainfo::InfoHash& info_hash, bool v6, std::size_t count,
                                                 std::uint64_t random, TimePoint now) const;

  /// Up to `count` stored info-hashes, chosen uniformly at random by `random` (BEP 51).
  [[nodiscard]] std::vector<metainfo::InfoHash> sample(std::size_t count, std::uint64_t random) const;

  /// Drops the peers older than the lifetime, and info-hashes left without peers.
  void expire(TimePoint now);

  [[nodiscard]] bool contains(const metainfo::InfoHash& info_hash) const { return torrents_.contains(info_hash); }
  [[nodiscard]] std::size_t torrent_count() const { return torrents_.size(); }
  [[nodiscard]] std::size_t peer_count() const { return peer_count_; }

 private:
  struct Peer {
    net::Endpoint endpoint;
    TimePoint announced;
  };
  struct Torrent {
    std::vector<Peer> v4;
    std::vector<Peer> v6;
  };

  std::size_t purge(std::vector<Peer>& peers, TimePoint now);

  Settings settings_;
  // Remote nodes choose the keys, so an ordered map (no hash to flood); at most 2000.
  std::map<metainfo::InfoHash, Torrent> torrents_;
  std::size_t peer_count_ = 0;
};

}  // namespace corrent::dht
