// PeerSet: candidates, retries with back-off, bans, and its bound.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "corrent/engine/peer_set.hpp"
#include "corrent/engine/session_limits.hpp"
#include "corrent/net/peer_priority.hpp"

namespace {

using corrent::engine::PeerSet;
using corrent::net::Endpoint;
using Clock = corrent::Clock;

Endpoint ep(std::uint16_t port) { return Endpoint::v4({127, 0, 0, 1}, port); }

// The endpoint of the next candidate.
std::optional<Endpoint> next_endpoint(PeerSet& set, Clock::time_point now, bool skip_seeds = false) {
  auto next = set.next(now, skip_seeds);
  if (!next) return std::nullopt;
  return next->endpoint;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(peer_set)

BOOST_AUTO_TEST_CASE(candidates_come_out_once_each_until_closed) {
  PeerSet set;
  const auto now = Clock::now();
  BOOST_TEST(set.add(ep(1)));
  BOOST_TEST(set.add(ep(2)));
  BOOST_TEST(!set.add(ep(1)));  // known
  BOOST_TEST(!set.add(ep(0)));  // no port to call
  BOOST_TEST((next_endpoint(set, now) == ep(1)));
  BOOST_TEST((next_endpoint(set, now) == ep(2)));
  BOOST_TEST(!next_endpoint(set, now).has_value());  // both busy
  BOOST_TEST(set.busy(ep(1)));
}

BOOST_AUTO_TEST_CASE(a_failed_peer_waits_longer_each_time_then_is_forgotten) {
  PeerSet set;
  auto now = Clock::now();
  set.add(ep(1));
  for (std::uint32_t failure = 1; failure < corrent::engine::kMaxConnectFailures; ++failure) {
    BOOST_TEST_REQUIRE((next_endpoint(set, now) == ep(1)));
    set.on_closed(ep(1), true, now);
    const auto wait = corrent::engine::kConnectRetryDelay * failure;
    BOOST_TEST(!next_endpoint(set, now + wait - std::chrono::milliseconds(1)).has_value());
    now += wait;
  }
  BOOST_TEST_REQUIRE((next_endpoint(set, now) == ep(1)));
  set.on_closed(ep(1), true, now);  // the kMaxConnectFailures-th failure
  BOOST_TEST(set.size() == 0u);
  BOOST_TEST(!next_endpoint(set, now + std::chrono::hours(1)).has_value());
}

BOOST_AUTO_TEST_CASE(seeds_left_as_both_seeds_are_retried_at_once_when_asked) {
  PeerSet set;
  const auto now = Clock::now();
  set.add(ep(1));
  set.add(ep(2));
  BOOST_TEST_REQUIRE((next_endpoint(set, now) == ep(1)));
  BOOST_TEST_REQUIRE((next_endpoint(set, now) == ep(2)));
  set.set_seed(ep(1), true);
  set.on_closed(ep(1), false, now);
  set.on_closed(ep(2), false, now);  // not a seed
  BOOST_TEST(!next_endpoint(set, now).has_value());  // both wait their delay
  set.retry_seeds_now();
  BOOST_TEST((next_endpoint(set, now) == ep(1)));
  BOOST_TEST(!next_endpoint(set, now).has_value());  // the other still waits
  set.retry_seeds_now();  // a busy seed is left alone
  BOOST_TEST(!next_endpoint(set, now).has_value());
}

BOOST_AUTO_TEST_CASE(a_clean_close_is_retried_and_a_connection_resets_failures) {
  PeerSet set;
  auto now = Clock::now();
  set.add(ep(1));
  BOOST_TEST_REQUIRE(next_endpoint(set, now).has_value());
  set.on_closed(ep(1), true, now);
  now += corrent::engine::kConnectRetryDelay;
  BOOST_TEST_REQUIRE(next_endpoint(set, now).has_value());
  set.on_connected(ep(1));
  set.on_closed(ep(1), false, now);
  BOOST_TEST(set.size() == 1u);
  BOOST_TEST((next_endpoint(set, now + corrent::engine::kConnectRetryDelay) == ep(1)));
}

BOOST_AUTO_TEST_CASE(a_candidate_added_for_later_waits_until_then) {
  PeerSet set;
  const auto now = Clock::now();
  BOOST_TEST(set.add(ep(1), now + corrent::engine::kConnectRetryDelay));
  BOOST_TEST(!next_endpoint(set, now).has_value());
  BOOST_TEST((next_endpoint(set, now + corrent::engine::kConnectRetryDelay) == ep(1)));
}

BOOST_AUTO_TEST_CASE(a_seed_is_skipped_while_seeding_and_offered_while_downloading) {
  PeerSet set;
  auto now = Clock::now();
  set.add(ep(1));
  set.add(ep(2));
  BOOST_TEST_REQUIRE((next_endpoint(set, now) == ep(1)));
  set.on_closed(ep(1), false, now);
  set.set_seed(ep(1), true);
  now += corrent::engine::kConnectRetryDelay;
  BOOST_TEST((next_endpoint(set, now, true) == ep(2)));  // seeding: the seed is not dialled
  BOOST_TEST(!next_endpoint(set, now, true).has_value());
  BOOST_TEST((next_endpoint(set, now, false) == ep(1)));  // downloading: it is
}

BOOST_AUTO_TEST_CASE(banned_peers_are_never_offered_or_added) {
  PeerSet set;
  const auto now = Clock::now();
  set.add(ep(1));
  set.ban(ep(1));
  BOOST_TEST(set.banned(ep(1)));
  BOOST_TEST(!next_endpoint(set, now).has_value());
  BOOST_TEST(!set.add(ep(1)));
  // A banned peer that was connected is not offered again after it closes.
  set.add(ep(2));
  BOOST_TEST_REQUIRE(next_endpoint(set, now).has_value());
  set.ban(ep(2));
  set.on_closed(ep(2), false, now);
  BOOST_TEST(!next_endpoint(set, now + std::chrono::hours(1)).has_value());
}

BOOST_AUTO_TEST_CASE(incoming_addresses_are_forgotten) {
  PeerSet set;
  set.on_connected(ep(40000));
  BOOST_TEST(set.busy(ep(40000)));
  set.forget(ep(40000));
  BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(the_transport_to_dial_first_is_the_one_that_worked_else_the_one_named) {
  using corrent::net::PeerAddress;
  PeerSet set;
  auto now = Clock::now();
  BOOST_TEST(set.add(PeerAddress{ep(1), "utp"}));
  BOOST_TEST(set.add(ep(2)));
  BOOST_TEST(!set.add(PeerAddress{ep(2), "utp"}));  // known; but now it has a transport to try
  auto first = set.next(now);
  BOOST_TEST_REQUIRE(first.has_value());
  BOOST_TEST((first->endpoint == ep(1)));
  BOOST_TEST(first->transport == "utp");
  auto second = set.next(now);
  BOOST_TEST_REQUIRE(second.has_value());
  BOOST_TEST(second->transport == "utp");
  // uTP did not answer; TCP did: TCP first from now on, whatever a source says later.
  set.remember_transport(ep(1), "tcp");
  set.on_closed(ep(1), false, now);
  BOOST_TEST(!set.add(PeerAddress{ep(1), "utp"}));
  now += corrent::engine::kConnectRetryDelay;
  auto again = set.next(now);
  BOOST_TEST_REQUIRE(again.has_value());
  BOOST_TEST((again->endpoint == ep(1)));
  BOOST_TEST(again->transport == "tcp");
}

BOOST_AUTO_TEST_CASE(holds_at_most_kMaxPeerCandidates) {
  PeerSet set;
  const auto limit = corrent::engine::kMaxPeerCandidates;
  for (std::size_t i = 0; i < limit; ++i) {
    BOOST_TEST_REQUIRE(set.add(Endpoint::v4({10, 0, static_cast<std::uint8_t>(i >> 8),
                                             static_cast<std::uint8_t>(i)}, 6881)));
  }
  BOOST_TEST(set.size() == limit);
  BOOST_TEST(!set.add(ep(1)));  // limit + 1
}

// BEP 40: full, the set keeps the candidates of highest priority towards our address.
BOOST_AUTO_TEST_CASE(a_full_set_keeps_the_highest_priority_candidates) {
  using corrent::engine::kMaxPeerCandidates;
  const Endpoint self = Endpoint::v4({10, 0, 0, 1}, 6881);
  PeerSet set;
  // Candidates 10.1.x.y, before our address is known: the first ones stay.
  auto candidate = [](std::size_t i) {
    return Endpoint::v4({10, 1, static_cast<std::uint8_t>(i / 250), static_cast<std::uint8_t>(i % 250 + 1)}, 6881);
  };
  for (std::size_t i = 0; i < kMaxPeerCandidates; ++i) BOOST_TEST_REQUIRE(set.add(candidate(i)));
  const auto newcomer = Endpoint::v4({10, 9, 9, 9}, 6881);
  BOOST_TEST(!set.add(newcomer));
  set.set_self(self);
  // The lowest ranked candidate, and one ranked above every candidate.
  std::size_t lowest = 0;
  for (std::size_t i = 1; i < kMaxPeerCandidates; ++i) {
    if (corrent::net::canonical_peer_priority(self, candidate(i)) <
        corrent::net::canonical_peer_priority(self, candidate(lowest))) {
      lowest = i;
    }
  }
  const auto lowest_priority = corrent::net::canonical_peer_priority(self, candidate(lowest));
  std::uint32_t second_priority = 0xFFFFFFFF;  // the lowest but one
  for (std::size_t i = 0; i < kMaxPeerCandidates; ++i) {
    if (i != lowest) second_priority = std::min(second_priority, corrent::net::canonical_peer_priority(self, candidate(i)));
  }
  std::optional<Endpoint> better, worse;
  for (unsigned x = 2; x < 250 && (!better || !worse); ++x) {
    for (unsigned y = 1; y < 250 && (!better || !worse); ++y) {
      const auto e = Endpoint::v4({10, static_cast<std::uint8_t>(x), static_cast<std::uint8_t>(y), 7}, 6881);
      const auto p = corrent::net::canonical_peer_priority(self, e);
      if (p > second_priority && !better) better = e;
      if (p < lowest_priority && !worse) worse = e;
    }
  }
  BOOST_TEST_REQUIRE(better.has_value());
  BOOST_TEST_REQUIRE(worse.has_value());
  BOOST_TEST(!set.add(*worse));  // ranks below them all: no room
  // The lowest one is connected: it is not dropped, the next lowest idle one is.
  set.on_connected(candidate(lowest));
  BOOST_TEST(set.add(*better));
  BOOST_TEST(set.size() == kMaxPeerCandidates);
  BOOST_TEST(set.contains(candidate(lowest)));
  BOOST_TEST(set.contains(*better));
  std::size_t dropped = 0;
  for (std::size_t i = 0; i < kMaxPeerCandidates; ++i) dropped += set.contains(candidate(i)) ? 0 : 1;
  BOOST_TEST(dropped == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
