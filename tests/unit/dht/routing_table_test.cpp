// The routing table: splitting only the bucket that covers our id, the bounds, closest
// nodes, liveness (good, questionable, bad), replacements and refresh.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>

#include "routing_table.hpp"

namespace {

using namespace corrent::dht;
using namespace std::chrono_literals;
using corrent::net::Endpoint;

const TimePoint t0 = TimePoint{} + 24h;

// An id sharing exactly `shared` leading bits with the all-zero id (our id in these
// tests), told apart by `tag` in its last byte (shared < 152 keeps the tag clear of it).
NodeId at(std::size_t shared, std::uint8_t tag) {
  NodeId id;
  id.bytes[shared / 8] = static_cast<std::uint8_t>(0x80U >> (shared % 8));
  id.bytes[19] |= tag;
  return id;
}

NodeEntry entry(const NodeId& id, std::uint16_t port = 6881) {
  return {id, Endpoint::v4({1, id.bytes[0], id.bytes[1], id.bytes[19]}, port)};
}

RoutingTable table(std::size_t max_nodes = kDefaultMaxTableNodes) {
  return RoutingTable(RoutingTable::Settings{NodeId{}, false, max_nodes}, t0);
}

// Fills bucket `shared` of `t` with k answering nodes, tags 1..k.
void fill(RoutingTable& t, std::size_t shared) {
  for (std::uint8_t tag = 1; tag <= kBucketSize; ++tag) {
    BOOST_TEST_REQUIRE((t.heard_from(entry(at(shared, tag)), Contact::replied, t0) == Insert::added));
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_routing_table)

BOOST_AUTO_TEST_CASE(a_full_bucket_covering_our_id_splits) {
  auto t = table();
  fill(t, 0);
  BOOST_TEST(t.bucket_count() == 1u);
  // The ninth far node: the only bucket is full and covers our id, so it splits; the far
  // half keeps its 8 and the newcomer waits as a replacement.
  BOOST_TEST((t.heard_from(entry(at(0, 9)), Contact::replied, t0) == Insert::replacement));
  BOOST_TEST(t.bucket_count() == 2u);
  BOOST_TEST(t.live_nodes(0).size() == kBucketSize);
  BOOST_TEST(t.replacements(0).size() == 1u);
  // Nearer nodes go to the new bucket, which covers our id now.
  BOOST_TEST((t.heard_from(entry(at(1, 1)), Contact::replied, t0) == Insert::added));
  BOOST_TEST(t.bucket_index(at(1, 1)) == 1u);
  BOOST_TEST(t.size() == kBucketSize + 1);
}

BOOST_AUTO_TEST_CASE(a_full_far_bucket_never_splits) {
  auto t = table();
  fill(t, 0);
  fill(t, 1);
  const auto buckets = t.bucket_count();
  for (std::uint8_t tag = 20; tag < 30; ++tag) t.heard_from(entry(at(0, tag)), Contact::replied, t0);
  BOOST_TEST(t.bucket_count() == buckets);
  BOOST_TEST(t.live_nodes(0).size() == kBucketSize);
  BOOST_TEST(t.replacements(0).size() == kReplacementCacheSize);  // bounded
}

BOOST_AUTO_TEST_CASE(splitting_stops_where_no_bucket_can_fill) {
  // Every id sharing at least 148 bits with ours: buckets 148..156 fill (8 each); ids
  // sharing 157 or more are only 1..7, so that last bucket never fills and never splits.
  auto t = table();
  for (std::uint32_t low = 1; low < 4096; ++low) {
    NodeId id;
    id.bytes[18] = static_cast<std::uint8_t>(low >> 8);
    id.bytes[19] = static_cast<std::uint8_t>(low);
    t.heard_from({id, Endpoint::v4({1, 1, id.bytes[18], id.bytes[19]}, 6881)}, Contact::replied, t0);
  }
  BOOST_TEST(t.bucket_count() == 158u);
  BOOST_TEST(t.bucket_count() <= kMaxBuckets);
  BOOST_TEST(t.size() == 9 * kBucketSize + 7);
  for (std::size_t b = 0; b < t.bucket_count(); ++b) {
    BOOST_TEST(t.live_nodes(b).size() <= kBucketSize);
    BOOST_TEST(t.replacements(b).size() <= kReplacementCacheSize);
    for (const auto& n : t.live_nodes(b)) BOOST_TEST(t.bucket_index(n.entry.id) == b);
  }
}

BOOST_AUTO_TEST_CASE(the_total_of_live_nodes_is_bounded) {
  auto t = table(10);
  fill(t, 0);
  for (std::uint8_t tag = 1; tag <= kBucketSize; ++tag) t.heard_from(entry(at(1, tag)), Contact::replied, t0);
  BOOST_TEST(t.size() == 10u);
  std::size_t cached = 0;
  for (std::size_t b = 0; b < t.bucket_count(); ++b) cached += t.replacements(b).size();
  BOOST_TEST(cached == kBucketSize - 2);
}

BOOST_AUTO_TEST_CASE(closest_sorts_by_xor_distance_and_skips_bad_nodes) {
  auto t = table();
  for (std::size_t shared = 0; shared < 6; ++shared) t.heard_from(entry(at(shared, 1)), Contact::replied, t0);
  const NodeId target = at(3, 1);
  auto got = t.closest(target, 3);
  BOOST_TEST_REQUIRE(got.size() == 3u);
  BOOST_TEST((got[0].id == at(3, 1)));  // distance 0
  BOOST_TEST((got[1].id == at(5, 1)));  // bits 3 and 5 differ: 0x14...
  BOOST_TEST((got[2].id == at(4, 1)));  // bits 3 and 4: 0x18..., farther
  for (std::uint32_t i = 0; i < kMaxFailedQueries; ++i) t.failed(at(3, 1));
  got = t.closest(target, 3);
  BOOST_TEST((got[0].id == at(5, 1)));
  BOOST_TEST(t.closest(target, 100).size() == 5u);
}

BOOST_AUTO_TEST_CASE(liveness_follows_bep5) {
  auto t = table();
  const auto id = at(0, 1);
  t.heard_from(entry(id), Contact::queried, t0);
  BOOST_TEST((t.find(id)->state(t0) == NodeState::questionable));  // never answered us
  t.heard_from(entry(id), Contact::replied, t0);
  BOOST_TEST((t.find(id)->state(t0 + 14min) == NodeState::good));
  BOOST_TEST((t.find(id)->state(t0 + 15min) == NodeState::questionable));
  // A query from a node that has answered before keeps it good.
  t.heard_from(entry(id), Contact::queried, t0 + 10min);
  BOOST_TEST((t.find(id)->state(t0 + 20min) == NodeState::good));
  for (std::uint32_t i = 1; i < kMaxFailedQueries; ++i) BOOST_TEST((t.failed(id) == Failure::counted));
  BOOST_TEST((t.find(id)->state(t0 + 20min) != NodeState::bad));
  BOOST_TEST((t.failed(id) == Failure::counted));
  BOOST_TEST((t.find(id)->state(t0 + 20min) == NodeState::bad));
  // An answer clears the failures.
  t.heard_from(entry(id), Contact::replied, t0 + 21min);
  BOOST_TEST((t.find(id)->state(t0 + 21min) == NodeState::good));
  BOOST_TEST((t.failed(at(0, 99)) == Failure::unknown));
}

BOOST_AUTO_TEST_CASE(a_failing_node_gives_way_to_a_waiting_replacement) {
  auto t = table();
  fill(t, 0);
  fill(t, 1);  // splits: bucket 0 is now a far, full bucket
  t.heard_from(entry(at(0, 50)), Contact::replied, t0);
  BOOST_TEST_REQUIRE(t.replacements(0).size() == 1u);
  BOOST_TEST((t.failed(at(0, 1)) == Failure::replaced));
  BOOST_TEST((t.find(at(0, 1)) == nullptr));
  BOOST_TEST(t.replacements(0).empty());
  BOOST_TEST(std::any_of(t.live_nodes(0).begin(), t.live_nodes(0).end(),
                         [](const RoutingNode& n) { return n.entry.id == at(0, 50); }));
  BOOST_TEST(t.live_nodes(0).size() == kBucketSize);
}

BOOST_AUTO_TEST_CASE(a_newcomer_takes_a_bad_nodes_place) {
  auto t = table();
  fill(t, 0);
  fill(t, 1);
  for (std::uint32_t i = 0; i < kMaxFailedQueries; ++i) t.failed(at(0, 2));
  BOOST_TEST((t.heard_from(entry(at(0, 60)), Contact::queried, t0) == Insert::added));
  BOOST_TEST((t.find(at(0, 2)) == nullptr));
  BOOST_TEST(t.live_nodes(0).size() == kBucketSize);
}

BOOST_AUTO_TEST_CASE(an_answering_newcomer_takes_the_place_of_a_node_that_never_answered) {
  auto t = table();
  fill(t, 1);  // in the only bucket for now; the far nodes below split it off
  for (std::uint8_t tag = 1; tag <= kBucketSize; ++tag) t.heard_from(entry(at(0, tag)), Contact::queried, t0);
  BOOST_TEST_REQUIRE(t.bucket_count() >= 2u);
  BOOST_TEST_REQUIRE(t.live_nodes(0).size() == kBucketSize);
  // A node that only queried us does not push out another such node...
  BOOST_TEST((t.heard_from(entry(at(0, 70)), Contact::queried, t0) == Insert::replacement));
  // ...but one that answered does.
  BOOST_TEST((t.heard_from(entry(at(0, 71)), Contact::replied, t0) == Insert::added));
  BOOST_TEST(t.live_nodes(0).size() == kBucketSize);
}

BOOST_AUTO_TEST_CASE(the_replacement_cache_drops_never_answering_nodes_first) {
  auto t = table();
  fill(t, 0);
  fill(t, 1);
  t.heard_from(entry(at(0, 40)), Contact::replied, t0);  // the oldest, but it answered
  for (std::uint8_t tag = 41; tag < 41 + kReplacementCacheSize; ++tag) {
    t.heard_from(entry(at(0, tag)), Contact::queried, t0);
  }
  BOOST_TEST(t.replacements(0).size() == kReplacementCacheSize);
  BOOST_TEST((t.find(at(0, 40)) != nullptr));
  BOOST_TEST((t.find(at(0, 41)) == nullptr));  // the oldest that never answered
}

BOOST_AUTO_TEST_CASE(remove_promotes_a_replacement) {
  auto t = table();
  fill(t, 0);
  fill(t, 1);
  t.heard_from(entry(at(0, 50)), Contact::replied, t0);
  const auto before = t.size();
  BOOST_TEST(t.remove(at(0, 3)));
  BOOST_TEST(t.size() == before);
  BOOST_TEST((t.find(at(0, 50)) != nullptr));
  BOOST_TEST(t.replacements(0).empty());
  BOOST_TEST(t.remove(at(0, 4)));
  BOOST_TEST(t.size() == before - 1);
  BOOST_TEST(!t.remove(at(0, 4)));
}

BOOST_AUTO_TEST_CASE(rejects_our_id_the_other_family_port_zero_and_a_moved_id) {
  auto t = table();
  BOOST_TEST((t.heard_from(entry(NodeId{}), Contact::replied, t0) == Insert::rejected));
  BOOST_TEST((t.heard_from(entry(at(0, 1), 0), Contact::replied, t0) == Insert::rejected));
  const NodeEntry v6{at(0, 1), Endpoint::v6({0x20, 1}, 6881)};
  BOOST_TEST((t.heard_from(v6, Contact::replied, t0) == Insert::rejected));
  BOOST_TEST((t.heard_from(entry(at(0, 1)), Contact::replied, t0) == Insert::added));
  BOOST_TEST((t.heard_from(entry(at(0, 1), 7000), Contact::replied, t0) == Insert::rejected));
  BOOST_TEST(t.find(at(0, 1))->entry.endpoint.port() == 6881);
  BOOST_TEST((t.heard_from(entry(at(0, 1)), Contact::replied, t0) == Insert::updated));
  BOOST_TEST(t.size() == 1u);
}

BOOST_AUTO_TEST_CASE(buckets_untouched_for_15_minutes_need_a_refresh) {
  auto t = table();
  fill(t, 0);
  fill(t, 1);  // two or more buckets, all active at t0
  BOOST_TEST(t.buckets_to_refresh(t0 + 14min).empty());
  BOOST_TEST(t.buckets_to_refresh(t0 + 15min).size() == t.bucket_count());
  t.touch(at(0, 99), t0 + 10min);  // a lookup into bucket 0
  t.heard_from(entry(at(1, 1)), Contact::replied, t0 + 10min);  // a reply from bucket 1
  const auto stale = t.buckets_to_refresh(t0 + 15min);
  BOOST_TEST((std::find(stale.begin(), stale.end(), 0u) == stale.end()));
  BOOST_TEST((std::find(stale.begin(), stale.end(), 1u) == stale.end()));
  BOOST_TEST(stale.size() == t.bucket_count() - 2);
}

BOOST_AUTO_TEST_CASE(a_refresh_target_falls_in_its_bucket) {
  auto t = table();
  fill(t, 0);
  fill(t, 1);
  fill(t, 2);
  NodeId random;
  random.bytes.fill(0xff);
  for (std::size_t b = 0; b < t.bucket_count(); ++b) {
    BOOST_TEST(t.bucket_index(t.refresh_target(b, random)) == b);
    BOOST_TEST(t.bucket_index(t.refresh_target(b, NodeId{})) == b);
  }
}

BOOST_AUTO_TEST_SUITE_END()
