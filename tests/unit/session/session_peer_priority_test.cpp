// BEP 40 in the session, through public headers: a torrent at its connection limit lets an
// incoming peer of higher canonical priority take the place of its lowest one, and refuses
// one of lower priority. The peers come over the in-memory transport, each from its own
// 127.0.0.x address (labels on in-process pipes: no socket is opened).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <vector>

#include "corrent/net/peer_priority.hpp"
#include "scripted_peer.hpp"
#include "support/memory_transport.hpp"
#include "support/run_coro.hpp"

using namespace scripted;
using corrent::net::Endpoint;

BOOST_AUTO_TEST_CASE(at_the_connection_limit_a_higher_priority_peer_takes_the_lowest_place) {
  asio::io_context io;
  Payload payload(4 * 32 * 1024, 32 * 1024);
  corrent::test::TempDir work;
  corrent::test::MemoryNetwork network;
  Node seeder(work.path() / "seed-resume");
  corrent::test::register_memory_transport(seeder.registry, network, "mem");
  seeder.settings.transports = {"mem"};
  seeder.settings.max_connections_per_torrent = 2;
  seeder.create(io);
  corrent::test::MemoryTransport mem(io.get_executor(), network, "mem");
  Peer low, middle, high, lower;
  auto scenario = [&]() -> Task<void> {
    corrent::net::TaskGroup group(co_await asio::this_coro::executor);
    co_await start(seeder);
    co_await add(seeder, payload, payload.dir.path());
    co_await wait_state(seeder, payload, TorrentState::seeding);
    const auto to = seeder.session->listen_endpoints().front();
    BOOST_TEST_REQUIRE(to.is_v4());

    // 127.0.0.2 .. 127.0.0.60 ranked by their priority towards the seeder's address.
    std::vector<std::pair<std::uint32_t, Endpoint::V4Bytes>> ranked;
    for (std::uint8_t last = 2; last <= 60; ++last) {
      const Endpoint::V4Bytes address{127, 0, 0, last};
      ranked.emplace_back(corrent::net::canonical_peer_priority(to, Endpoint::v4(address, 40000)), address);
    }
    std::sort(ranked.begin(), ranked.end());
    const auto dial_from = [&](const Endpoint::V4Bytes& address, Peer& p) -> Task<bool> {
      network.source_v4 = address;
      co_return co_await dial_by(mem, to, payload, p, group);
    };

    // Two places, taken by the lowest and a middle one.
    BOOST_TEST_REQUIRE(co_await dial_from(ranked[1].second, low));
    BOOST_TEST_REQUIRE(co_await dial_from(ranked[30].second, middle));
    co_await tell(low, wire::HaveNone{});
    co_await tell(middle, wire::HaveNone{});
    REQUIRE_WITHIN(5000ms, seeder.session->status(payload.meta.info_hash)->peers == 2u);
    // The highest gets in; the lowest leaves for it.
    BOOST_TEST_REQUIRE(co_await dial_from(ranked.back().second, high));
    co_await tell(high, wire::HaveNone{});
    REQUIRE_WITHIN(5000ms, low.ended.has_value());
    // One below every connected peer (above the one that left) is refused.
    const bool lower_dialed = co_await dial_from(ranked[2].second, lower);
    if (lower_dialed) REQUIRE_WITHIN(5000ms, lower.ended.has_value());
    co_await sleep(200ms);
    BOOST_TEST(!middle.ended.has_value());
    BOOST_TEST(!high.ended.has_value());
    BOOST_TEST(seeder.session->status(payload.meta.info_hash)->peers == 2u);
    for (Peer* p : {&middle, &high}) p->conn->close();
    co_await group.stop();
    co_await seeder.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}
