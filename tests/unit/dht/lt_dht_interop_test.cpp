// Interop with python3-libtorrent's DHT on 127.0.0.1 (tests/unit/dht/lt_dht_node.py): a
// libtorrent node bootstraps from ours, announces an info-hash to us (our tokens and
// store), and answers our find_node, get_peers and announce_peer. Disabled in unit.dht;
// run by the interop.dht_libtorrent test (--run_test names it), never skipped: without
// python3-libtorrent it fails.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <string>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "corrent/net/datagram_service.hpp"
#include "dht_node.hpp"
#include "support/child_process.hpp"
#include "support/run_coro.hpp"

using namespace std::chrono_literals;
using corrent::Task;
using corrent::net::Endpoint;
namespace dht = corrent::dht;

namespace {

// Polls `done` every 20 ms for at most `limit`, reading the child's lines meanwhile.
template <class Done>
Task<bool> poll_child(corrent::test::ChildProcess& child, std::optional<int>& lt_nodes, std::chrono::milliseconds limit,
                      Done done) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (auto waited = 0ms; waited < limit; waited += 20ms) {
    while (auto line = child.read_line(1ms)) {
      if (line->rfind("nodes: ", 0) == 0) lt_nodes = std::stoi(line->substr(7));
    }
    if (done()) co_return true;
    timer.expires_after(20ms);
    co_await timer.async_wait(corrent::use_nothrow);
  }
  co_return done();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_libtorrent, *boost::unit_test::disabled())

BOOST_AUTO_TEST_CASE(libtorrent_joins_through_us_and_we_announce_to_it) {
  asio::io_context io;
  corrent::net::DatagramService service(io.get_executor());
  const auto at = service.open(Endpoint::v4({127, 0, 0, 1}, 0)).value();
  dht::DhtNodeSettings settings;
  settings.query_timeout = 2s;
  dht::DhtNode node(io.get_executor(), service, settings);
  node.start();
  corrent::metainfo::InfoHash hash{};
  hash.bytes.fill(0x5a);
  auto child = corrent::test::ChildProcess::start(
      {CORRENT_INTEROP_PYTHON, CORRENT_LT_DHT_SCRIPT, "--bootstrap", at.to_string(), "--info-hash", hash.hex()});
  const auto port_line = child.wait_for_line("port: ", 20s);
  BOOST_REQUIRE_MESSAGE(port_line, child.transcript());
  const auto lt_at = Endpoint::v4({127, 0, 0, 1}, static_cast<std::uint16_t>(std::stoi(*port_line)));
  std::optional<int> lt_nodes;

  // libtorrent queries us first (bootstrap): we add it (as a node that queried us), then it
  // announces the torrent to us with our token. It never adds us to its own table: it
  // keeps bootstrap nodes apart as "routers" (routing_table.cpp, add_node_impl), so its
  // "nodes:" lines stay at 0 and are only shown.
  const bool joined = corrent::test::run_coro(io, poll_child(child, lt_nodes, 30'000ms, [&] {
    return node.table().size() >= 1;
  }), 40s);
  BOOST_REQUIRE_MESSAGE(joined, "our table: " << node.table().size() << ", answered " << node.answered() << "\n"
                                              << child.transcript());
  const bool announced = corrent::test::run_coro(io, poll_child(child, lt_nodes, 30'000ms, [&] {
    return node.store().contains(hash);
  }), 40s);
  BOOST_TEST_MESSAGE(child.transcript());
  BOOST_TEST(announced);

  // Our queries, its replies.
  const auto found = corrent::test::run_coro(io, node.query(lt_at, dht::FindNodeQuery{node.id(), {}}), 10s);
  BOOST_REQUIRE_MESSAGE(found.has_value(), (found ? std::string() : found.error().message()));
  const dht::NodeId target{hash.bytes};
  const auto lookup = corrent::test::run_coro(io, node.lookup(target, dht::Lookup::Kind::get_peers), 30s);
  BOOST_REQUIRE_EQUAL(lookup.responders.size(), 1u);
  BOOST_REQUIRE(lookup.responders.front().token);
  BOOST_TEST((lookup.responders.front().node.endpoint == lt_at));
  dht::AnnouncePeerQuery announce;
  announce.info_hash = hash;
  announce.port = 5555;
  announce.token = *lookup.responders.front().token;
  const auto stored = corrent::test::run_coro(io, node.query(lookup.responders.front().node, announce), 10s);
  BOOST_TEST_MESSAGE(std::string("announce_peer: ") + (stored ? "ok" : stored.error().message()));
  BOOST_TEST(stored.has_value());
  // A second lookup finds the peer we announced, in libtorrent's store.
  const auto again = corrent::test::run_coro(io, node.lookup(target, dht::Lookup::Kind::get_peers), 30s);
  bool ours = false;
  for (const auto& p : again.peers) ours = ours || p == at.with_port(5555);
  BOOST_TEST(ours);

  child.stop();
  corrent::test::run_coro(io, node.stop());
  corrent::test::run_coro(io, service.stop());
}

BOOST_AUTO_TEST_SUITE_END()
