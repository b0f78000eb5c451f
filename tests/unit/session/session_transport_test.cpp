// Several transports in one session (issue 11, seam 1), through public headers: the real
// TCP transport beside an in-memory one. The session listens with each on one port and
// accepts from both; it dials a peer by the transport its source named first, else by
// its preference order, falls back to the next transport when a connect fails, and
// remembers per peer the one that worked.
#include <boost/test/unit_test.hpp>

#include "corrent/engine/errc.hpp"
#include "corrent/net/peer_address.hpp"
#include "scripted_peer.hpp"
#include "support/memory_transport.hpp"
#include "support/run_coro.hpp"

using namespace scripted;
using corrent::net::PeerAddress;

BOOST_AUTO_TEST_SUITE(session_transport)

BOOST_AUTO_TEST_CASE(a_refused_transport_falls_back_to_the_next_and_the_one_that_worked_is_dialled_again) {
  asio::io_context io;
  corrent::test::MemoryNetwork network;
  const Payload payload(256 * 1024, 32 * 1024);
  corrent::test::TempDir work;
  Node other(work.path() / "other-resume");  // TCP only; no data, so nobody finishes
  other.create(io);
  Node us(work.path() / "us-resume");
  corrent::test::register_memory_transport(us.registry, network);
  us.settings.transports = {"mem", "tcp"};
  us.settings.listen = {};
  us.create(io);
  const auto ih = payload.meta.info_hash;

  auto scenario = [&]() -> Task<void> {
    co_await start(other);
    co_await start(us);
    co_await add(other, payload, work.path() / "other-data");
    co_await wait_state(other, payload, TorrentState::downloading);
    corrent::engine::AddTorrentParams params{payload.meta, work.path() / "us-data"};
    params.peers = other.session->listen_endpoints();
    BOOST_TEST_REQUIRE((co_await us.session->add_torrent(std::move(params))).has_value());
    REQUIRE_WITHIN(5000ms, us.session->status(ih)->peers == 1);
    // "mem" first, as preferred; nobody listens there, so TCP.
    BOOST_TEST(network.connects == 1u);
    BOOST_TEST(network.refused == 1u);
    // Paused and resumed: dialled again at once, by TCP alone this time.
    BOOST_TEST_REQUIRE(us.session->pause(ih).has_value());
    REQUIRE_WITHIN(5000ms, us.session->status(ih)->peers == 0 && other.session->status(ih)->peers == 0);
    BOOST_TEST_REQUIRE(us.session->resume(ih).has_value());
    REQUIRE_WITHIN(5000ms, us.session->status(ih)->peers == 1);
    BOOST_TEST(network.connects == 1u);
    co_await us.stop();
    co_await other.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(every_transport_listens_on_one_port_and_a_named_transport_is_dialled_first) {
  asio::io_context io;
  corrent::test::MemoryNetwork network;
  const Payload payload(256 * 1024, 32 * 1024);
  corrent::test::TempDir work;
  Node seeder(work.path() / "seed-resume");
  corrent::test::register_memory_transport(seeder.registry, network);
  seeder.settings.transports = {"tcp", "mem"};
  seeder.create(io);
  Node us(work.path() / "us-resume");
  corrent::test::register_memory_transport(us.registry, network);
  us.settings.transports = {"tcp", "mem"};  // TCP preferred...
  us.settings.listen = {};
  us.create(io);
  const auto ih = payload.meta.info_hash;

  auto scenario = [&]() -> Task<void> {
    co_await start(seeder);
    co_await start(us);
    const auto listening = seeder.session->listen_addresses();
    BOOST_TEST_REQUIRE(listening.size() == 2u);
    BOOST_TEST(listening[0].transport == "tcp");
    BOOST_TEST(listening[1].transport == "mem");
    BOOST_TEST((listening[0].endpoint == listening[1].endpoint));  // one port for both
    BOOST_TEST(listening[0].endpoint.port() != 0);
    BOOST_TEST(seeder.session->listen_endpoints().size() == 1u);
    co_await add(seeder, payload, payload.dir.path());
    co_await wait_state(seeder, payload, TorrentState::seeding);
    co_await add(us, payload, work.path() / "us-data");
    // ...but this peer's source said "mem": dialled that way, and the seeder accepts it.
    us.session->add_peer(ih, PeerAddress{listening[1].endpoint, "mem"});
    REQUIRE_WITHIN(10000ms, finished(us, payload));
    BOOST_TEST(network.connects == 1u);
    BOOST_TEST(network.accepted == 1u);
    co_await us.stop();
    co_await seeder.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(a_transport_not_built_or_none_at_all_is_refused_at_create) {
  asio::io_context io;
  corrent::Registry registry;
  corrent::plugins::register_standard(registry);
  corrent::engine::SessionSettings settings;
  settings.transports = {"tcp", "carrier-pigeon"};
  auto unknown = corrent::engine::Session::create(io.get_executor(), registry, corrent::Config{}, settings);
  BOOST_TEST_REQUIRE(!unknown.has_value());
  BOOST_TEST((unknown.error().code == corrent::engine::errc::no_transport));
  BOOST_TEST(unknown.error().where == "transport carrier-pigeon");
  settings.transports = {};
  auto none = corrent::engine::Session::create(io.get_executor(), registry, corrent::Config{}, settings);
  BOOST_TEST_REQUIRE(!none.has_value());
  BOOST_TEST((none.error().code == corrent::engine::errc::no_transport));
}

BOOST_AUTO_TEST_SUITE_END()
