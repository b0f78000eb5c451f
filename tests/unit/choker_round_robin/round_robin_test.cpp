// choker_round_robin: slots go round the interested peers in turn, whatever their rates.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <vector>

#include "round_robin.hpp"

namespace {

using corrent::choker_round_robin::RoundRobin;
using corrent::policy::ChokerPeer;
using corrent::policy::PeerKey;

std::vector<ChokerPeer> interested(std::uint32_t n) {
  std::vector<ChokerPeer> v;
  for (std::uint32_t k = 1; k <= n; ++k) v.push_back(ChokerPeer{k, true, false, 0, 0});
  return v;
}

// Runs a round and applies it, as the engine does.
std::vector<PeerKey> play(RoundRobin& rr, std::vector<ChokerPeer>& peers, bool seeding = true) {
  auto out = rr.round(peers, seeding);
  std::sort(out.begin(), out.end());
  for (auto& p : peers) p.unchoked = std::binary_search(out.begin(), out.end(), p.key);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(choker_round_robin)

BOOST_AUTO_TEST_CASE(every_interested_peer_gets_a_turn_of_the_configured_length) {
  RoundRobin rr(2, 3);
  auto peers = interested(5);
  peers[4].upload_rate = 1'000'000;  // a fast peer earns nothing extra
  std::map<PeerKey, int> rounds_unchoked;
  std::vector<std::vector<PeerKey>> history;
  for (int round = 0; round < 15; ++round) {
    const auto out = play(rr, peers);
    BOOST_TEST(out.size() == 2u);
    for (auto k : out) ++rounds_unchoked[k];
    history.push_back(out);
  }
  // 15 rounds x 2 slots = 30 slot-rounds over 5 peers: 6 each, in turns of 3.
  for (PeerKey k = 1; k <= 5; ++k) BOOST_TEST(rounds_unchoked[k] == 6);
  BOOST_TEST((history[0] == std::vector<PeerKey>{1, 2}));  // ties by key
  BOOST_TEST((history[2] == std::vector<PeerKey>{1, 2}));  // a turn lasts 3 rounds
  BOOST_TEST((history[3] == std::vector<PeerKey>{3, 4}));  // then the longest waiting
  BOOST_TEST((history[6] == std::vector<PeerKey>{1, 5}));  // 5 waited since round 1, 1 since 4
}

BOOST_AUTO_TEST_CASE(uninterested_peers_never_take_a_slot_and_give_theirs_up) {
  RoundRobin rr(3, 5);
  auto peers = interested(4);
  peers[3].interested = false;
  auto out = play(rr, peers, false);
  BOOST_TEST((out == std::vector<PeerKey>{1, 2, 3}));
  peers[0].interested = false;  // 1 loses interest in its turn: 4 is still not interested
  peers[3].interested = true;   // 4 becomes interested: takes the slot 1 gave up
  out = play(rr, peers, false);
  BOOST_TEST((out == std::vector<PeerKey>{2, 3, 4}));
}

BOOST_AUTO_TEST_CASE(departed_peers_are_forgotten_and_fewer_peers_than_slots_all_unchoked) {
  RoundRobin rr(4, 2);
  auto peers = interested(3);
  BOOST_TEST(play(rr, peers).size() == 3u);
  peers.erase(peers.begin());
  const auto out = play(rr, peers);
  BOOST_TEST((out == std::vector<PeerKey>{2, 3}));
}

BOOST_AUTO_TEST_SUITE_END()
