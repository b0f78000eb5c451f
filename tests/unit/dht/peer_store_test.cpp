// The peer store: per-info-hash, per-family and total bounds at and past each limit,
// expiry, families kept apart, random picks and BEP 51 samples.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <set>

#include "peer_store.hpp"

namespace {

using namespace corrent::dht;
using namespace std::chrono_literals;
using corrent::metainfo::InfoHash;
using corrent::net::Endpoint;

const TimePoint t0 = TimePoint{} + 24h;

InfoHash hash(std::uint32_t n) {
  InfoHash h;
  h.bytes[0] = static_cast<std::uint8_t>(n >> 8);
  h.bytes[1] = static_cast<std::uint8_t>(n);
  return h;
}

Endpoint peer4(std::uint32_t n) {
  return Endpoint::v4({10, static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8),
                       static_cast<std::uint8_t>(n)},
                      6881);
}

Endpoint peer6(std::uint32_t n) {
  Endpoint::V6Bytes a{0x20, 0x01, 0x0d, 0xb8};
  a[14] = static_cast<std::uint8_t>(n >> 8);
  a[15] = static_cast<std::uint8_t>(n);
  return Endpoint::v6(a, 6881);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_peer_store)

BOOST_AUTO_TEST_CASE(defaults_are_libtorrents) {
  PeerStore::Settings s;
  BOOST_TEST(s.max_torrents == 2000u);
  BOOST_TEST(s.max_peers_per_torrent == 500u);
  BOOST_TEST((s.lifetime == std::chrono::minutes(45)));
}

BOOST_AUTO_TEST_CASE(peers_per_info_hash_at_and_past_the_limit) {
  PeerStore store;
  for (std::uint32_t i = 0; i < kMaxPeersPerTorrent; ++i) {
    BOOST_TEST_REQUIRE((store.announce(hash(1), peer4(i), t0) == PeerStore::Stored::added));
  }
  BOOST_TEST(store.peer_count() == kMaxPeersPerTorrent);
  BOOST_TEST((store.announce(hash(1), peer4(9999), t0) == PeerStore::Stored::torrent_full));
  // A stored peer is refreshed even when full; the other family has its own bound.
  BOOST_TEST((store.announce(hash(1), peer4(3), t0 + 1s) == PeerStore::Stored::refreshed));
  BOOST_TEST((store.announce(hash(1), peer6(1), t0) == PeerStore::Stored::added));
  BOOST_TEST(store.peer_count() == kMaxPeersPerTorrent + 1);
}

BOOST_AUTO_TEST_CASE(info_hashes_at_and_past_the_limit) {
  PeerStore store(PeerStore::Settings{.max_torrents = 3});
  for (std::uint32_t i = 0; i < 3; ++i) BOOST_TEST((store.announce(hash(i), peer4(i), t0) == PeerStore::Stored::added));
  BOOST_TEST((store.announce(hash(3), peer4(3), t0) == PeerStore::Stored::store_full));
  BOOST_TEST(store.torrent_count() == 3u);
  BOOST_TEST(!store.contains(hash(3)));
  BOOST_TEST((store.announce(hash(0), peer4(50), t0) == PeerStore::Stored::added));  // a known one still grows
}

BOOST_AUTO_TEST_CASE(total_peers_at_and_past_the_limit) {
  PeerStore store(PeerStore::Settings{.max_peers = 4});
  for (std::uint32_t i = 0; i < 4; ++i) {
    BOOST_TEST((store.announce(hash(i % 2), peer4(i), t0) == PeerStore::Stored::added));
  }
  BOOST_TEST((store.announce(hash(0), peer4(10), t0) == PeerStore::Stored::store_full));
  BOOST_TEST((store.announce(hash(7), peer4(11), t0) == PeerStore::Stored::store_full));
  BOOST_TEST(!store.contains(hash(7)));  // no empty entry left behind
  BOOST_TEST(store.peer_count() == 4u);
}

BOOST_AUTO_TEST_CASE(peers_expire_after_their_lifetime) {
  PeerStore store;
  store.announce(hash(1), peer4(1), t0);
  store.announce(hash(1), peer4(2), t0 + 10min);
  store.announce(hash(2), peer4(3), t0);
  const auto later = t0 + kPeerLifetime;  // peer 1 and 3 are exactly at the end of their lifetime
  BOOST_TEST(store.peers(hash(1), false, 10, 0, later - 1s).size() == 2u);
  BOOST_TEST((store.peers(hash(1), false, 10, 0, later) == std::vector<Endpoint>{peer4(2)}));
  store.expire(later);
  BOOST_TEST(store.peer_count() == 1u);
  BOOST_TEST(!store.contains(hash(2)));
  store.expire(later + 10min);
  BOOST_TEST(store.torrent_count() == 0u);
  BOOST_TEST(store.peer_count() == 0u);
}

BOOST_AUTO_TEST_CASE(expired_peers_make_room_on_announce) {
  PeerStore store(PeerStore::Settings{.max_peers_per_torrent = 2});
  store.announce(hash(1), peer4(1), t0);
  store.announce(hash(1), peer4(2), t0);
  BOOST_TEST((store.announce(hash(1), peer4(3), t0 + 1min) == PeerStore::Stored::torrent_full));
  BOOST_TEST((store.announce(hash(1), peer4(3), t0 + kPeerLifetime) == PeerStore::Stored::added));
  BOOST_TEST(store.peer_count() == 1u);
}

BOOST_AUTO_TEST_CASE(families_are_kept_apart) {
  PeerStore store;
  store.announce(hash(1), peer4(1), t0);
  store.announce(hash(1), peer6(1), t0);
  BOOST_TEST((store.peers(hash(1), false, 10, 0, t0) == std::vector<Endpoint>{peer4(1)}));
  BOOST_TEST((store.peers(hash(1), true, 10, 0, t0) == std::vector<Endpoint>{peer6(1)}));
  BOOST_TEST(store.peers(hash(2), false, 10, 0, t0).empty());
}

BOOST_AUTO_TEST_CASE(picks_are_bounded_distinct_and_vary_with_the_randomness) {
  PeerStore store;
  for (std::uint32_t i = 0; i < 300; ++i) store.announce(hash(1), peer4(i), t0);
  const auto a = store.peers(hash(1), false, kMaxValuesPerReply, 1, t0);
  const auto b = store.peers(hash(1), false, kMaxValuesPerReply, 2, t0);
  BOOST_TEST(a.size() == kMaxValuesPerReply);
  BOOST_TEST(std::set<Endpoint>(a.begin(), a.end()).size() == a.size());
  BOOST_TEST((a != b));
  BOOST_TEST((a == store.peers(hash(1), false, kMaxValuesPerReply, 1, t0)));  // deterministic
  // Over many draws every stored peer comes up (the pick is not a fixed prefix).
  std::set<Endpoint> seen;
  for (std::uint64_t r = 0; r < 50; ++r) {
    for (const auto& p : store.peers(hash(1), false, kMaxValuesPerReply, r, t0)) seen.insert(p);
  }
  BOOST_TEST(seen.size() == 300u);
}

BOOST_AUTO_TEST_CASE(samples_of_info_hashes) {
  PeerStore store;
  BOOST_TEST(store.sample(kSamplesPerReply, 5).empty());
  for (std::uint32_t i = 0; i < 50; ++i) store.announce(hash(i), peer4(i), t0);
  const auto s = store.sample(kSamplesPerReply, 5);
  BOOST_TEST(s.size() == kSamplesPerReply);
  BOOST_TEST(std::set<InfoHash>(s.begin(), s.end()).size() == s.size());
  for (const auto& ih : s) BOOST_TEST(store.contains(ih));
  BOOST_TEST(store.sample(100, 5).size() == 50u);
}

BOOST_AUTO_TEST_SUITE_END()
