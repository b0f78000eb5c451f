// The running DHT node and the Discovery plugin (issue 13, third layer) on 127.0.0.1 with
// real DatagramServices, each node on its own port; their lookups allow several
// candidates per address (one_candidate_per_ip off), as every node here shares one.
// Query timeouts are short; nothing here contacts a host outside the machine.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/datagram_service.hpp"
#include "corrent/net/task_group.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/plugins/dht.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/registry/registry.hpp"
#include "dht_discovery.hpp"
#include "dht_node.hpp"
#include "krpc.hpp"
#include "rate_limit.hpp"
#include "dht_node_test_support.hpp"
#include "support/run_coro.hpp"

using namespace std::chrono_literals;
using corrent::Task;
using corrent::net::DatagramService;
using corrent::net::Endpoint;
namespace dht = corrent::dht;
using asio::ip::udp;

namespace {

using dht_test::kSharedAddressLimit;
using dht_test::kTimeout;
using dht_test::loopback;
using dht_test::Peer;
using dht_test::stop_all;
using dht_test::within;

// A plain UDP socket standing for a remote node or a tracker.
struct Remote {
  explicit Remote(asio::io_context& io) : socket(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}
  void send(const std::string& text, const Endpoint& to) {
    socket.send_to(asio::buffer(text), corrent::net::to_udp(to));
  }
  // Datagrams waiting now, read without blocking.
  std::vector<std::string> drain() {
    std::vector<std::string> out;
    socket.non_blocking(true);
    std::array<char, 2048> buffer{};
    for (;;) {
      asio::error_code ec;
      const auto n = socket.receive(asio::buffer(buffer), 0, ec);
      if (ec) break;
      out.emplace_back(buffer.data(), n);
    }
    return out;
  }
  udp::socket socket;
};

std::string ping(const std::string& tid) {
  const auto id = dht::NodeId::from_hex("0102030405060708090a0b0c0d0e0f1011121314").value();
  return dht::encode_krpc(dht::Message{tid, std::nullopt, std::nullopt, false, dht::Query{id, dht::PingQuery{}}});
}

// Runs a plugin for a torrent until cancelled (pointers by value: it outlives the caller).
Task<void> run_discovery(corrent::Discovery* plugin, corrent::DiscoveryContext* torrent) {
  (void)co_await plugin->run(*torrent);
}

// Records the peers a Discovery pushes.
struct FakeTorrent final : corrent::DiscoveryContext, corrent::PeerSink {
  FakeTorrent(corrent::InfoHashBytes hash, std::uint16_t tcp) : hash_(hash), tcp_(tcp) {}
  corrent::InfoHashBytes info_hash() const override { return hash_; }
  bool is_private() const override { return false; }
  corrent::ListenPorts ports() const override { return {tcp_, 0, 0, 0}; }
  std::uint64_t bytes_left() const override { return 0; }
  corrent::TransferTotals totals() const override { return {}; }
  corrent::DiscoveryEvent event() const override { return corrent::DiscoveryEvent::started; }
  Task<corrent::DiscoveryEvent> next_event(corrent::DiscoveryEvent) override {
    co_return corrent::DiscoveryEvent::started;
  }
  corrent::PeerSink& peers() override { return *this; }
  void on_peers(const corrent::InfoHashBytes&, std::span<const corrent::net::PeerAddress> peers) override {
    for (const auto& p : peers) found.push_back(p.endpoint);
  }
  corrent::InfoHashBytes hash_;
  std::uint16_t tcp_;
  std::vector<Endpoint> found;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_node)

BOOST_AUTO_TEST_CASE(thirty_nodes_bootstrap_from_one_and_fill_their_tables) {
  asio::io_context io;
  auto peers = dht_test::small_dht(io, 30);
  const bool bootstrapped = corrent::test::run_coro(io, within(10'000ms, [&] {
    for (std::size_t i = 1; i < peers.size(); ++i) {
      if (peers[i]->node->bootstraps() == 0) return false;
    }
    return true;
  }), 15s);
  BOOST_TEST(bootstrapped);
  // The early joiners knew few nodes: one more lookup for their own id each (BEP 5's
  // bootstrap again, as a refresh would) and every table is full enough.
  for (auto& p : peers) {
    (void)corrent::test::run_coro(io, p->node->lookup(p->node->id(), dht::Lookup::Kind::find_node), 10s);
  }
  for (const auto& p : peers) BOOST_TEST(p->node->table().size() >= dht::kBucketSize);
  corrent::test::run_coro(io, stop_all(peers), 10s);
}

BOOST_AUTO_TEST_CASE(an_announce_by_one_plugin_is_found_by_another) {
  asio::io_context io;
  auto peers = dht_test::small_dht(io, 12);
  const auto seed = peers.front()->endpoint;
  // Two plugins on shared services, as in a session.
  DatagramService service_a(io.get_executor());
  DatagramService service_b(io.get_executor());
  const auto a_at = service_a.open(loopback()).value();
  (void)service_b.open(loopback()).value();
  dht::DhtSettings settings;
  settings.bootstrap = {seed};
  settings.query_timeout = kTimeout;
  settings.one_candidate_per_ip = false;
  settings.max_datagrams_per_source = kSharedAddressLimit;
  auto a = dht::DhtDiscovery::create(io.get_executor(), settings, &service_a).value();
  auto b = dht::DhtDiscovery::create(io.get_executor(), settings, &service_b).value();
  BOOST_TEST(a->wants_dht_nodes());
  BOOST_TEST(!a->allowed_for_private());
  BOOST_TEST(a->own_endpoints().empty());
  const bool ready = corrent::test::run_coro(io, within(10'000ms, [&] {
    return a->nodes().front()->bootstraps() > 0 && b->nodes().front()->bootstraps() > 0;
  }), 15s);
  BOOST_REQUIRE(ready);

  corrent::InfoHashBytes hash{};
  hash.fill(0x5a);
  FakeTorrent torrent_a(hash, 4242);
  FakeTorrent torrent_b(hash, 4343);
  corrent::net::TaskGroup runs(io.get_executor());
  runs.spawn(run_discovery(a.get(), &torrent_a));
  const bool stored = corrent::test::run_coro(io, within(10'000ms, [&] {
    for (const auto& p : peers) {
      if (p->node->store().contains(corrent::metainfo::InfoHash{hash})) return true;
    }
    return false;
  }), 15s);
  BOOST_REQUIRE(stored);
  runs.spawn(run_discovery(b.get(), &torrent_b));
  const bool found = corrent::test::run_coro(io, within(10'000ms, [&] {
    for (const auto& e : torrent_b.found) {
      if (e == a_at.with_port(4242)) return true;
    }
    return false;
  }), 15s);
  BOOST_TEST(found);
  corrent::test::run_coro(io, runs.stop(), 10s);
  corrent::test::run_coro(io, a->stop(), 10s);
  corrent::test::run_coro(io, b->stop(), 10s);
  corrent::test::run_coro(io, service_a.stop(), 10s);
  corrent::test::run_coro(io, service_b.stop(), 10s);
  corrent::test::run_coro(io, stop_all(peers), 10s);
}

BOOST_AUTO_TEST_CASE(without_a_session_the_plugin_opens_its_own_socket) {
  asio::io_context io;
  std::vector<std::unique_ptr<Peer>> peers;
  peers.push_back(std::make_unique<Peer>(io, std::vector<Endpoint>{}));
  peers.front()->node->start();
  corrent::Registry registry;
  corrent::plugins::register_dht(registry);
  // By name: "localhost" resolves (from /etc/hosts) to 127.0.0.1, and perhaps ::1 too.
  const auto text = R"({"dht": {"bootstrap_nodes": ["localhost:)" + std::to_string(peers.front()->endpoint.port()) +
                    R"("], "query_timeout_ms": 1000, "announce_interval_ms": 60000}})";
  auto config = corrent::Config::parse(text);
  BOOST_REQUIRE(config);
  auto set = corrent::build_plugins(registry, *config, io.get_executor());  // no datagrams
  BOOST_REQUIRE_MESSAGE(set, (set ? "" : set.error().message()));
  auto* plugin = dynamic_cast<dht::DhtDiscovery*>(set->find<corrent::Discovery>("dht"));
  BOOST_REQUIRE(plugin != nullptr);
  BOOST_TEST(!plugin->own_endpoints().empty());
  const bool joined = corrent::test::run_coro(io, within(5'000ms, [&] {
    return peers.front()->node->table().size() == 1 && plugin->nodes().front()->table().size() == 1;
  }), 10s);
  BOOST_TEST(joined);
  corrent::test::run_coro(io, set->stop(), 10s);
  corrent::test::run_coro(io, stop_all(peers), 10s);
  auto bad = corrent::Config::parse(R"({"dht": {"bootstrap_nodes": ["not an endpoint"]}})");
  BOOST_REQUIRE(bad);
  BOOST_TEST(!corrent::build_plugins(registry, *bad, io.get_executor()).has_value());
}

BOOST_AUTO_TEST_CASE(garbage_and_non_krpc_datagrams_go_to_the_next_handler) {
  asio::io_context io;
  Peer peer(io, {}, dht::kMaxDatagramsPerSourceWindow);  // the real limit: one remote sends
  peer.node->start();
  std::vector<std::string> passed;
  auto tracker = peer.service.add_handler("tracker_udp", [&](const corrent::net::Datagram& d) {
    passed.emplace_back(d.bytes.begin(), d.bytes.end());
    return true;
  });
  Remote remote(io);
  const std::vector<std::string> not_ours = {
      std::string("\0\0\0\1\0\0\0\2", 8),  // a tracker reply (action 1)
      "hello",                              // not bencode at all
      "d1:xi1ee",                           // a dict, but no KRPC keys
      "d1:t2:aa1:y1:re",                    // a reply with no "r": refused, never answered
      "de",                                 // 'd' and nothing of KRPC
      "d1:t2:aa",                           // cut short
  };
  for (const auto& text : not_ours) remote.send(text, peer.endpoint);
  remote.send("d1:t2:zz1:y1:q1:q4:pinge", peer.endpoint);  // a query without "a": ours, 203
  remote.send(ping("pp"), peer.endpoint);                   // ours, answered
  const bool arrived = corrent::test::run_coro(io, within(2'000ms, [&] {
    return passed.size() == not_ours.size() && peer.node->answered() == 1;
  }));
  BOOST_TEST(arrived);
  BOOST_TEST(passed == not_ours);
  std::vector<std::string> replies;
  (void)corrent::test::run_coro(io, within(1'000ms, [&] {
    for (auto& r : remote.drain()) replies.push_back(r);
    return replies.size() >= 2;
  }));
  BOOST_REQUIRE_EQUAL(replies.size(), 2u);
  for (const auto& r : replies) {
    const auto m = dht::decode_krpc(r);
    BOOST_REQUIRE(m);
    if (m->transaction_id == "zz") {
      const auto* e = std::get_if<dht::ErrorReply>(&m->body);
      BOOST_REQUIRE(e != nullptr);
      BOOST_TEST(e->code == dht::kErrorProtocol);
    } else {
      BOOST_TEST(m->transaction_id == "pp");
      BOOST_TEST(std::holds_alternative<dht::Response>(m->body));
    }
  }
  tracker.reset();
  corrent::test::run_coro(io, peer.stop());
}

BOOST_AUTO_TEST_CASE(a_flood_from_one_source_is_rate_limited) {
  asio::io_context io;
  Peer peer(io, {}, dht::kMaxDatagramsPerSourceWindow);  // the real limit: one remote sends
  peer.node->start();
  Remote remote(io);
  constexpr std::size_t kFlood = 3 * dht::kMaxDatagramsPerSourceWindow;
  for (std::size_t i = 0; i < kFlood; ++i) remote.send(ping(std::to_string(i)), peer.endpoint);
  const bool seen = corrent::test::run_coro(io, within(3'000ms, [&] {
    return peer.node->answered() + peer.node->rate_limited() == kFlood;
  }));
  BOOST_TEST(seen);
  BOOST_TEST(peer.node->answered() == dht::kMaxDatagramsPerSourceWindow);
  BOOST_TEST(peer.node->rate_limited() == kFlood - dht::kMaxDatagramsPerSourceWindow);
  std::size_t replies = 0;
  (void)corrent::test::run_coro(io, within(500ms, [&] {
    replies += remote.drain().size();
    return false;
  }));
  BOOST_TEST(replies == dht::kMaxDatagramsPerSourceWindow);
  corrent::test::run_coro(io, peer.stop());
}

BOOST_AUTO_TEST_CASE(every_restored_node_is_asked_in_the_first_round) {
  // More than kMaxPendingHints: a saved table's nodes are all asked, not the first 64.
  constexpr std::size_t kRestored = 2 * dht::kMaxPendingHints + 10;
  asio::io_context io;
  std::vector<std::unique_ptr<Remote>> saved;
  DatagramService service(io.get_executor());
  (void)service.open(loopback()).value();
  dht::DhtNodeSettings settings;
  settings.query_timeout = kTimeout;
  for (std::size_t i = 0; i < kRestored; ++i) {
    saved.push_back(std::make_unique<Remote>(io));
    settings.restored.push_back(corrent::net::from_asio(saved.back()->socket.local_endpoint()));
  }
  dht::DhtNode node(io.get_executor(), service, settings);
  node.start();
  std::vector<bool> asked(kRestored, false);
  const bool all = corrent::test::run_coro(io, within(5'000ms, [&] {
    for (std::size_t i = 0; i < kRestored; ++i) asked[i] = asked[i] || !saved[i]->drain().empty();
    return std::all_of(asked.begin(), asked.end(), [](bool a) { return a; });
  }), 10s);
  BOOST_TEST(all);
  BOOST_TEST(std::count(asked.begin(), asked.end(), true) == static_cast<std::ptrdiff_t>(kRestored));
  corrent::test::run_coro(io, [&]() -> Task<void> {
    co_await node.stop();
    co_await service.stop();
  }(), 10s);
}

BOOST_AUTO_TEST_CASE(a_read_only_node_asks_but_is_not_learnt_and_answers_nobody) {
  asio::io_context io;
  Peer server(io, {});
  server.node->start();
  corrent::net::DatagramService service(io.get_executor());
  const auto endpoint = service.open(dht_test::loopback()).value();
  dht::DhtNodeSettings settings;
  settings.query_timeout = dht_test::kTimeout;
  settings.read_only = true;
  dht::DhtNode reader(io.get_executor(), service, settings);
  reader.start();
  // Its query is answered (BEP 43 nodes still get replies) ...
  auto pinged = corrent::test::run_coro(io, reader.query(server.endpoint, dht::PingQuery{}), 10s);
  BOOST_TEST(pinged.has_value());
  BOOST_TEST(reader.table().size() == 1u);  // it learns the server
  // ... but the server keeps it out of its table, and it answers no query of its own.
  BOOST_TEST(server.node->table().size() == 0u);
  auto back = corrent::test::run_coro(io, server.node->query(endpoint, dht::PingQuery{}), 10s);
  BOOST_TEST(!back.has_value());
  BOOST_TEST((back.error() == std::error_code(asio::error::timed_out)));
  BOOST_TEST(reader.answered() == 0u);
  corrent::test::run_coro(io, [&]() -> Task<void> {
    co_await reader.stop();
    co_await service.stop();
    co_await server.stop();
  }(), 10s);
}

BOOST_AUTO_TEST_SUITE_END()
