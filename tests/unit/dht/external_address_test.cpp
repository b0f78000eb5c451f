// Our external address by vote, and our node id following it (BEP 42): the sans-I/O
// voter, the routing table re-seated on a new id, and a running node that changes its id.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <memory>
#include <vector>

#include <asio/io_context.hpp>

#include "corrent/plugin/config.hpp"
#include "corrent/plugins/dht.hpp"
#include "corrent/net/datagram_service.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/registry/registry.hpp"
#include "dht_discovery.hpp"
#include "dht_node.hpp"
#include "dht_node_test_support.hpp"
#include "external_address_votes.hpp"
#include "routing_table.hpp"
#include "secure_id.hpp"
#include "support/run_coro.hpp"
#include "support/temp_dir.hpp"
#include "table_state_file.hpp"

namespace {

namespace dht = corrent::dht;
using namespace std::chrono_literals;
using corrent::net::Endpoint;

Endpoint v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d, std::uint16_t port = 0) {
  return Endpoint::v4({a, b, c, d}, port);
}

// Documentation addresses (RFC 5737): public by BEP 42's rule, never on the wire here.
const Endpoint kOurs = v4(203, 0, 113, 7);
const Endpoint kOther = v4(203, 0, 113, 99);
Endpoint voter(std::uint8_t n) { return v4(198, 51, 100, n, 6881); }

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_external_address_votes)

BOOST_AUTO_TEST_CASE(an_address_wins_with_enough_distinct_voters) {
  dht::ExternalAddressVotes votes;
  for (std::uint8_t n = 1; n < dht::kMinExternalVotes; ++n) BOOST_TEST(!votes.vote(kOurs.with_port(5000 + n), voter(n)));
  BOOST_TEST(!votes.winner());
  const auto winner = votes.vote(kOurs.with_port(1), voter(dht::kMinExternalVotes));
  BOOST_TEST_REQUIRE(winner.has_value());
  BOOST_TEST((*winner == kOurs));  // the port is dropped: a NAT may map each flow apart
  // The same winner again is not news.
  BOOST_TEST(!votes.vote(kOurs, voter(50)));
  BOOST_TEST((votes.winner() == kOurs));
}

BOOST_AUTO_TEST_CASE(one_voter_counts_once_whatever_its_port_or_repeats) {
  dht::ExternalAddressVotes votes;
  for (std::uint16_t port = 1; port < 100; ++port) BOOST_TEST(!votes.vote(kOurs, v4(198, 51, 100, 1, port)));
  BOOST_TEST((votes.voters() == 1u));
  BOOST_TEST(!votes.winner());
}

BOOST_AUTO_TEST_CASE(a_voter_of_the_other_family_is_ignored) {
  dht::ExternalAddressVotes votes;
  const auto v6_voter = *Endpoint::parse("[2001:db8::1]:6881");
  BOOST_TEST(!votes.vote(kOurs, v6_voter));
  BOOST_TEST((votes.voters() == 0u));
}

BOOST_AUTO_TEST_CASE(a_tie_moves_nothing_and_a_majority_does) {
  dht::ExternalAddressVotes votes;
  for (std::uint8_t n = 1; n <= 3; ++n) (void)votes.vote(kOurs, voter(n));
  BOOST_TEST((votes.winner() == kOurs));
  for (std::uint8_t n = 11; n <= 13; ++n) BOOST_TEST(!votes.vote(kOther, voter(n)));  // 3 against 3
  BOOST_TEST((votes.winner() == kOurs));
  const auto moved = votes.vote(kOther, voter(14));
  BOOST_TEST_REQUIRE(moved.has_value());
  BOOST_TEST((*moved == kOther));
  // A voter that changes its mind moves its one vote.
  dht::ExternalAddressVotes fickle;
  for (std::uint8_t n = 1; n <= 3; ++n) (void)fickle.vote(kOurs, voter(n));
  (void)fickle.vote(kOther, voter(1));
  BOOST_TEST((fickle.voters() == 3u));
  BOOST_TEST((fickle.winner() == kOurs));  // 2 to 1: still ours, and no longer 3 votes is fine
}

BOOST_AUTO_TEST_CASE(old_votes_rotate_out_so_a_new_address_wins_in_time) {
  dht::ExternalAddressVotes votes;
  for (std::uint8_t n = 0; n < dht::kMaxExternalVoters; ++n) (void)votes.vote(kOurs, voter(n));
  BOOST_TEST(votes.voters() == dht::kMaxExternalVoters);
  std::optional<Endpoint> moved;
  std::size_t needed = 0;
  for (std::uint8_t n = 0; !moved && needed < 2 * dht::kMaxExternalVoters; ++n, ++needed) {
    moved = votes.vote(kOther, v4(192, 0, 2, n, 6881));
  }
  BOOST_TEST_REQUIRE(moved.has_value());
  BOOST_TEST((*moved == kOther));
  BOOST_TEST(needed == dht::kMaxExternalVoters / 2 + 1);  // the first strict majority of the window
  BOOST_TEST(votes.voters() == dht::kMaxExternalVoters);  // the window stays bounded
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(dht_routing_table_reseated)

BOOST_AUTO_TEST_CASE(a_new_id_keeps_the_nodes_and_their_liveness) {
  const auto t0 = dht::TimePoint{} + 24h;
  dht::RoutingTable table(dht::RoutingTable::Settings{dht::NodeId{}, false, dht::kDefaultMaxTableNodes}, t0);
  std::vector<dht::NodeEntry> nodes;
  for (std::uint8_t i = 1; i <= 6; ++i) {
    dht::NodeId id;
    id.bytes[0] = static_cast<std::uint8_t>(i * 40);
    id.bytes[19] = i;
    nodes.push_back({id, v4(1, 2, 3, i, 6881)});
    (void)table.heard_from(nodes.back(), i % 2 ? dht::Contact::replied : dht::Contact::queried, t0);
  }
  dht::NodeId self;
  self.bytes.fill(0x55);
  const auto moved = table.reseated(self, t0 + 1min);
  BOOST_TEST((moved.self() == self));
  BOOST_TEST((moved.size() == table.size()));
  for (const auto& n : nodes) {
    const auto* before = table.find(n.id);
    const auto* after = moved.find(n.id);
    BOOST_TEST_REQUIRE(after != nullptr);
    BOOST_TEST((after->confirmed == before->confirmed));
    BOOST_TEST((after->state(t0 + 1min) == before->state(t0 + 1min)));
  }
  // Our own new id is never a node of the table.
  auto with_self = table;
  (void)with_self.heard_from({self, v4(1, 2, 3, 99, 6881)}, dht::Contact::replied, t0);
  BOOST_TEST((with_self.reseated(self, t0).find(self) == nullptr));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(dht_node_identity)

BOOST_AUTO_TEST_CASE(votes_for_a_public_address_give_the_node_a_bep42_id) {
  asio::io_context io;
  auto peers = dht_test::small_dht(io, 4);
  auto& node = *peers[1]->node;
  BOOST_TEST(corrent::test::run_coro(io, node.wait_for_bootstrap(5000ms), 10s));
  // On loopback every reply says 127.0.0.1, but all from one address: one voter, no
  // winner, and the id stays.
  BOOST_TEST(!node.external_address());
  BOOST_TEST((node.id_changes() == 0u));
  const auto old_id = node.id();
  const auto known = node.table().size();
  BOOST_TEST_REQUIRE(known > 0u);

  for (std::uint8_t n = 1; n <= 20; ++n) node.vote_external_address(kOurs, voter(n));
  BOOST_TEST((node.id_changes() == 1u));
  BOOST_TEST((node.id() != old_id));
  BOOST_TEST(dht::is_secure_node_id(node.id(), kOurs));
  BOOST_TEST((node.table().self() == node.id()));
  BOOST_TEST((node.table().size() == known));

  // The others hear the new id in its replies.
  auto pinged = corrent::test::run_coro(io, peers[2]->node->query(peers[1]->endpoint, dht::PingQuery{}), 10s);
  BOOST_TEST_REQUIRE(pinged.has_value());
  BOOST_TEST((pinged->id == node.id()));

  // A local address never moves the id: nobody checks ids there (BEP 42).
  auto& other = *peers[3]->node;
  const auto other_id = other.id();
  for (std::uint8_t n = 1; n <= 20; ++n) other.vote_external_address(v4(192, 168, 1, 5), voter(n));
  BOOST_TEST((other.id() == other_id));
  BOOST_TEST((other.id_changes() == 0u));
  corrent::test::run_coro(io, dht_test::stop_all(peers), 10s);
}

BOOST_AUTO_TEST_CASE(a_chosen_node_id_is_used_and_kept) {
  asio::io_context io;
  const auto chosen = *dht::NodeId::from_hex("5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a");
  dht::DhtSettings settings;
  settings.node_id = chosen;
  corrent::net::DatagramService service(io.get_executor());
  (void)service.open(dht_test::loopback()).value();
  auto plugin = dht::DhtDiscovery::create(io.get_executor(), settings, &service);
  BOOST_TEST_REQUIRE(plugin.has_value());
  auto& node = *(*plugin)->nodes().front();
  BOOST_TEST((node.id() == chosen));
  // Chosen, so kept: votes for a public address do not derive a BEP 42 id from it.
  for (std::uint8_t n = 1; n <= 20; ++n) node.vote_external_address(kOurs, voter(n));
  BOOST_TEST((node.id() == chosen));
  BOOST_TEST((node.id_changes() == 0u));
  corrent::test::run_coro(io, (*plugin)->stop(), 10s);
  corrent::test::run_coro(io, service.stop(), 10s);
}

BOOST_AUTO_TEST_CASE(the_node_id_key_reaches_the_plugin) {
  asio::io_context io;
  corrent::test::TempDir dir;
  const auto file = dir.path() / "dht.dat";
  corrent::Registry registry;
  corrent::plugins::register_dht(registry);
  const std::string hex = "0123456789abcdef0123456789abcdef01234567";
  auto config = corrent::Config::parse(R"({"dht": {"node_id": ")" + hex + R"(", "state_file": ")" + file.string() + R"("}})");
  BOOST_REQUIRE(config);
  corrent::net::DatagramService service(io.get_executor());
  (void)service.open(dht_test::loopback()).value();
  auto set = corrent::build_plugins(registry, *config, io.get_executor(), &service);
  BOOST_REQUIRE_MESSAGE(set, (set ? "" : set.error().message()));
  corrent::test::run_coro(io, set->stop(), 10s);
  auto saved = dht::load_table_state(file);
  BOOST_TEST_REQUIRE(saved.has_value());
  BOOST_TEST_REQUIRE(saved->id.has_value());
  BOOST_TEST(saved->id->hex() == hex);  // the id the node ran under
  for (const char* bad : {"xyz", "0123", "0123456789abcdef0123456789abcdef0123456g"}) {
    auto wrong = corrent::Config::parse(std::string(R"({"dht": {"node_id": ")") + bad + R"("}})");
    BOOST_REQUIRE(wrong);
    BOOST_TEST(!corrent::build_plugins(registry, *wrong, io.get_executor(), &service).has_value(), bad);
  }
  corrent::test::run_coro(io, service.stop(), 10s);
}

BOOST_AUTO_TEST_SUITE_END()
