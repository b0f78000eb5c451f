// Our outstanding queries: unique 2-byte transaction ids, replies accepted only from the
// queried endpoint with a matching id, timeouts, and the bound.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <set>

#include "rpc_table.hpp"

namespace {

using namespace corrent::dht;
using namespace std::chrono_literals;
using corrent::net::Endpoint;

const TimePoint t0 = TimePoint{} + 24h;
const Endpoint node_a = Endpoint::v4({1, 2, 3, 4}, 6881);
const Endpoint node_b = Endpoint::v4({1, 2, 3, 5}, 6881);

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_rpc_table)

BOOST_AUTO_TEST_CASE(ids_are_two_bytes_from_the_random_start_and_unique) {
  RpcTable rpc(0xfffe);
  const auto a = rpc.add(node_a, "ping", std::nullopt, t0 + kQueryTimeout);
  const auto b = rpc.add(node_a, "ping", std::nullopt, t0 + kQueryTimeout);
  const auto c = rpc.add(node_a, "ping", std::nullopt, t0 + kQueryTimeout);
  BOOST_TEST_REQUIRE((a && b && c));
  BOOST_TEST(*a == std::string("\xff\xfe", 2));
  BOOST_TEST(*b == std::string("\xff\xff", 2));
  BOOST_TEST(*c == std::string("\x00\x00", 2));  // wraps around
  // After 65536 more ids the counter is back at the outstanding ones: they are skipped.
  RpcTable small(7, 70000);
  std::set<std::string> ids;
  for (int i = 0; i < 65536; ++i) ids.insert(*small.add(node_a, "ping", std::nullopt, t0));
  BOOST_TEST(ids.size() == 65536u);
}

BOOST_AUTO_TEST_CASE(a_reply_matches_only_its_id_and_endpoint) {
  RpcTable rpc(100);
  NodeId id;
  id.bytes[0] = 9;
  const auto t = *rpc.add(node_a, "find_node", id, t0 + kQueryTimeout, 42);
  BOOST_TEST(!rpc.take(t, node_b));                   // another address
  BOOST_TEST(!rpc.take(t, node_a.with_port(6882)));   // another port
  BOOST_TEST(!rpc.take("zz", node_a));                // another id
  BOOST_TEST(!rpc.take("abc", node_a));               // not our size
  BOOST_TEST(rpc.size() == 1u);                       // still waiting
  const auto q = rpc.take(t, node_a);
  BOOST_TEST_REQUIRE(q.has_value());
  BOOST_TEST(q->method == "find_node");
  BOOST_TEST((q->node == id));
  BOOST_TEST(q->tag == 42u);
  BOOST_TEST(!rpc.take(t, node_a));  // answered once only
  BOOST_TEST(rpc.size() == 0u);
}

BOOST_AUTO_TEST_CASE(timeouts_come_back_from_expire_earliest_first) {
  RpcTable rpc(0);
  const auto late = *rpc.add(node_a, "ping", std::nullopt, t0 + 10s);
  const auto early = *rpc.add(node_b, "ping", std::nullopt, t0 + 5s);
  BOOST_TEST(rpc.expire(t0 + 4s).empty());
  auto gone = rpc.expire(t0 + 10s);
  BOOST_TEST_REQUIRE(gone.size() == 2u);
  BOOST_TEST(gone[0].transaction_id == early);
  BOOST_TEST(gone[1].transaction_id == late);
  BOOST_TEST(!rpc.take(late, node_a));  // a reply after the timeout is dropped
}

BOOST_AUTO_TEST_CASE(outstanding_queries_at_and_past_the_bound) {
  RpcTable rpc(0);
  for (std::size_t i = 0; i < kMaxOutstandingQueries; ++i) {
    BOOST_TEST_REQUIRE(rpc.add(node_a, "ping", std::nullopt, t0 + kQueryTimeout).has_value());
  }
  BOOST_TEST(rpc.full());
  BOOST_TEST(!rpc.add(node_a, "ping", std::nullopt, t0 + kQueryTimeout).has_value());
  BOOST_TEST(rpc.expire(t0 + kQueryTimeout).size() == kMaxOutstandingQueries);
  BOOST_TEST(rpc.add(node_a, "ping", std::nullopt, t0 + kQueryTimeout).has_value());
}

BOOST_AUTO_TEST_CASE(cancel_forgets_a_lookups_queries) {
  RpcTable rpc(0);
  (void)rpc.add(node_a, "get_peers", std::nullopt, t0, 1);
  (void)rpc.add(node_b, "get_peers", std::nullopt, t0, 2);
  BOOST_TEST(rpc.cancel(1) == 1u);
  BOOST_TEST(rpc.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
