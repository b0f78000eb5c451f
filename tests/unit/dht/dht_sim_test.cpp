// The running DHT node on the simulated network (tests/support/sim_network.hpp) in
// virtual time: 100 nodes with 20 ms latency and 5% loss bootstrap from one, keep their
// tables through 17 minutes of maintenance (token rotation, bucket refresh, peer expiry),
// and an announce made after that is found by another node. Node ids come from a seeded
// generator; nothing waits in real time.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "corrent/net/datagram_service.hpp"
#include "dht_node.hpp"
#include "dht_sim_support.hpp"
#include "support/sim_driver.hpp"
#include "support/sim_network.hpp"

using namespace std::chrono_literals;
using corrent::Task;
using corrent::net::Endpoint;
namespace dht = corrent::dht;

using dht_sim_support::announce;
using dht_sim_support::SimNode;
using dht_sim_support::stop_all;

BOOST_AUTO_TEST_SUITE(dht_sim)

BOOST_AUTO_TEST_CASE(a_hundred_nodes_join_keep_their_tables_and_find_an_announce) {
  asio::io_context io;
  corrent::test::SimDriver driver(io, 10ms);
  corrent::test::SimNetwork net(io.get_executor(), {.latency = 20ms, .loss = 0.05}, 7);
  dht_sim_support::IdSource next_id(42);
  std::vector<std::unique_ptr<SimNode>> nodes;
  nodes.push_back(std::make_unique<SimNode>(io, net.add_host(), std::vector<Endpoint>{}, next_id()));
  const auto seed = nodes.front()->endpoint;
  for (int i = 1; i < 100; ++i) {
    nodes.push_back(std::make_unique<SimNode>(io, net.add_host(), std::vector{seed}, next_id()));
  }
  for (auto& n : nodes) n->node->start();
  const bool joined = driver.run_until([&] {
    for (const auto& n : nodes) {
      if (n->node->table().size() == 0) return false;
    }
    return true;
  }, 2min);
  BOOST_REQUIRE(joined);
  // Those whose first contact was lost asked again (kBootstrapRetryInterval). 17 minutes
  // of maintenance: tokens rotate three times, every bucket goes idle past the 15-minute
  // refresh interval and is refreshed by a lookup.
  (void)driver.run_until([] { return false; }, 17min);
  std::size_t thin = 0;
  for (const auto& n : nodes) {
    if (n->node->table().size() >= dht::kBucketSize) continue;
    ++thin;
    BOOST_TEST_MESSAGE("thin: " << n->endpoint.to_string() << " " << n->node->table().size() << " nodes in "
                                << n->node->table().bucket_count() << " buckets, " << n->node->bootstraps()
                                << " rounds, answered " << n->node->answered());
  }
  BOOST_TEST(thin == 0u);

  corrent::metainfo::InfoHash hash{};
  hash.bytes.fill(0x42);
  BOOST_TEST(driver.run(announce(nodes[17]->node.get(), hash, 6881), 2min));
  const auto found =
      driver.run(nodes[83]->node->lookup(dht::NodeId{hash.bytes}, dht::Lookup::Kind::get_peers), 2min);
  bool seen = false;
  for (const auto& p : found.peers) seen = seen || p == nodes[17]->endpoint.with_port(6881);
  BOOST_TEST(seen);
  BOOST_TEST(net.counters().datagrams_lost > 0u);
  driver.run(stop_all(&nodes), 1min);
}

BOOST_AUTO_TEST_SUITE_END()
