#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "tit_for_tat.hpp"

namespace {

using namespace corrent::choker_tit_for_tat;

std::set<PeerKey> as_set(const std::vector<PeerKey>& v) { return {v.begin(), v.end()}; }

/// `n` interested peers 1..n; peer k downloads at k * 100 B/s and uploads at k * 10.
std::vector<ChokerPeer> peers(std::uint32_t n) {
  std::vector<ChokerPeer> v;
  for (PeerKey k = 1; k <= n; ++k) v.push_back({k, true, false, k * 100ull, k * 10ull});
  return v;
}

/// Marks the peers of `unchoked` as unchoked, the others as choked.
void mark_unchoked(std::vector<ChokerPeer>& v, const std::vector<PeerKey>& unchoked) {
  for (auto& p : v) p.unchoked = std::find(unchoked.begin(), unchoked.end(), p.key) != unchoked.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(choker_tit_for_tat)

BOOST_AUTO_TEST_CASE(slots_bound_the_unchoked_peers) {
  Choker c({}, 1);
  auto at_limit = peers(ChokerSettings{}.upload_slots);
  BOOST_TEST(c.round(at_limit, false).size() == ChokerSettings{}.upload_slots);
  BOOST_TEST(!c.optimistic());
  auto past = peers(ChokerSettings{}.upload_slots + 1);
  const auto got = c.round(past, false);
  BOOST_TEST(got.size() == ChokerSettings{}.upload_slots);
  BOOST_TEST(c.optimistic().has_value());
  Choker none({0, 3}, 1);
  BOOST_TEST(none.round(past, false).empty());
}

BOOST_AUTO_TEST_CASE(leeching_unchokes_the_best_downloaders_plus_one_optimistic) {
  Choker c({4, 3}, 2);
  auto v = peers(10);
  const auto got = as_set(c.round(v, false));
  BOOST_TEST(got.size() == 4u);
  for (PeerKey k : {10u, 9u, 8u}) BOOST_TEST(got.contains(k));
  BOOST_REQUIRE(c.optimistic().has_value());
  BOOST_TEST(*c.optimistic() <= 7u);
  BOOST_TEST(got.contains(*c.optimistic()));
}

BOOST_AUTO_TEST_CASE(uninterested_peers_never_take_a_slot) {
  Choker c({4, 3}, 3);
  auto v = peers(10);
  for (auto& p : v) p.interested = p.key % 2 == 0;  // 2, 4, 6, 8, 10
  for (int round = 0; round < 10; ++round) {
    const auto got = c.round(v, round % 2 == 0);
    mark_unchoked(v, got);
    BOOST_TEST(got.size() == 4u);
    for (PeerKey k : got) BOOST_TEST(k % 2 == 0u);
  }
  for (auto& p : v) p.interested = false;
  BOOST_TEST(c.round(v, false).empty());
}

BOOST_AUTO_TEST_CASE(the_optimistic_unchoke_rotates_every_few_rounds) {
  Choker c({2, kOptimisticRounds}, 4);
  auto v = peers(8);
  std::vector<PeerKey> optimistic;
  for (std::uint32_t round = 0; round < 4 * kOptimisticRounds; ++round) {
    const auto got = c.round(v, false);
    mark_unchoked(v, got);
    BOOST_REQUIRE(c.optimistic().has_value());
    optimistic.push_back(*c.optimistic());
    BOOST_TEST(as_set(got).contains(8u));  // the best, regular slot
  }
  // Kept for kOptimisticRounds rounds, a new peer at the next one.
  for (std::size_t i = 0; i < optimistic.size(); ++i) {
    if (i % kOptimisticRounds != 0) BOOST_TEST(optimistic[i] == optimistic[i - 1]);
    if (i > 0 && i % kOptimisticRounds == 0) BOOST_TEST(optimistic[i] != optimistic[i - 1]);
  }
  // Four turns, four different peers: the one that waited longest goes next.
  BOOST_TEST(as_set(optimistic).size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_departed_optimistic_peer_is_replaced_at_once) {
  Choker c({2, 3}, 5);
  auto v = peers(5);
  mark_unchoked(v, c.round(v, false));
  const PeerKey gone = *c.optimistic();
  std::erase_if(v, [&](const ChokerPeer& p) { return p.key == gone; });
  mark_unchoked(v, c.round(v, false));
  BOOST_REQUIRE(c.optimistic().has_value());
  BOOST_TEST(*c.optimistic() != gone);
}

BOOST_AUTO_TEST_CASE(seeding_ranks_by_upload_rate) {
  Choker c({3, 3}, 6);
  auto v = peers(6);
  for (auto& p : v) p.download_rate = 1000 - p.key;  // would pick the low keys when leeching
  const auto got = as_set(c.round(v, true));
  BOOST_TEST(got.contains(6u));
  BOOST_TEST(got.contains(5u));
}

BOOST_AUTO_TEST_CASE(seeding_round_robin_gives_every_equal_peer_a_turn) {
  Choker c({3, 3}, 7);
  auto v = peers(9);
  for (auto& p : v) p.upload_rate = 500;
  std::map<PeerKey, int> turns;
  for (int round = 0; round < 6; ++round) {
    const auto got = c.round(v, true);
    mark_unchoked(v, got);
    for (PeerKey k : got) ++turns[k];
  }
  BOOST_TEST(turns.size() == 9u);  // all nine had a turn within six rounds
}

BOOST_AUTO_TEST_SUITE_END()
