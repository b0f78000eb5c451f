// Who we are and whom we dial (issue 17, the client API's options): SessionSettings::peer_id
// is the id peers see; seed_outgoing_connections = false keeps a seed from dialling; an
// outgoing connection that fails says so (PeerConnectFailed).
#include <boost/test/unit_test.hpp>

#include <optional>

#include <asio/error.hpp>
#include <asio/ip/tcp.hpp>

#include "corrent/events/event.hpp"
#include "scripted_peer.hpp"
#include "support/run_coro.hpp"

using namespace scripted;
namespace events = corrent::events;

namespace {

// A port on 127.0.0.1 with nobody listening (bound, then closed).
std::uint16_t closed_port(asio::io_context& io) {
  asio::ip::tcp::acceptor probe(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const auto port = probe.local_endpoint().port();
  probe.close();
  return port;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_chosen_peer_id_is_the_one_peers_see) {
  asio::io_context io;
  Payload payload(100 * 1000, 32 * 1024);
  corrent::test::TempDir work;
  Node seed(work.path() / "seed");
  const auto chosen = *corrent::PeerId::from_bytes("-XX0001-chosen-id-12");
  seed.settings.peer_id = chosen;
  seed.create(io);
  Node leech(work.path() / "leech");
  leech.create(io);
  BOOST_TEST((seed.session->peer_id() == chosen));
  BOOST_TEST((leech.session->peer_id() != chosen));
  BOOST_TEST(leech.session->peer_id().view().starts_with(corrent::kPeerIdPrefix));
  std::optional<corrent::PeerId> seen;
  auto subscription = leech.session->events().subscribe([&](const events::Event& e) {
    if (const auto* c = std::get_if<events::PeerConnected>(&e)) seen = c->peer_id;
  });
  auto scenario = [&]() -> Task<void> {
    co_await start(seed);
    co_await start(leech);
    co_await add(seed, payload, payload.dir.path());
    co_await wait_state(seed, payload, TorrentState::seeding);  // checked: it takes peers
    co_await add(leech, payload, work.path() / "out");
    co_await wait_state(leech, payload, TorrentState::downloading);
    leech.session->add_peer(payload.meta.info_hash, seed.session->listen_endpoints().front());
    REQUIRE_WITHIN(10000ms, seen.has_value());
    BOOST_TEST((*seen == chosen));
    co_await leech.stop();
    co_await seed.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(a_seed_without_outgoing_connections_waits_to_be_dialled) {
  asio::io_context io;
  Payload payload(200 * 1000, 32 * 1024);
  corrent::test::TempDir work;
  Node seed(work.path() / "seed");
  seed.settings.seed_outgoing_connections = false;
  seed.create(io);
  Node leech(work.path() / "leech");
  leech.create(io);
  const auto ih = payload.meta.info_hash;
  auto scenario = [&]() -> Task<void> {
    co_await start(seed);
    co_await start(leech);
    co_await add(seed, payload, payload.dir.path());
    co_await wait_state(seed, payload, TorrentState::seeding);
    co_await add(leech, payload, work.path() / "out");
    // The seed knows the leecher and would dial it at once (connector rounds are 1 s).
    seed.session->add_peer(ih, leech.session->listen_endpoints().front());
    co_await sleep(2500ms);
    BOOST_TEST(seed.session->status(ih)->peers == 0u);
    BOOST_TEST(leech.session->status(ih)->peers == 0u);
    // Dialled by the leecher, it serves as ever.
    leech.session->add_peer(ih, seed.session->listen_endpoints().front());
    REQUIRE_WITHIN(10000ms, finished(leech, payload));
    co_await leech.stop();
    co_await seed.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(a_refused_connect_is_said_with_its_reason) {
  asio::io_context io;
  Payload payload(50 * 1000, 32 * 1024);
  corrent::test::TempDir work;
  Node leech(work.path() / "leech");
  leech.create(io);
  const auto port = closed_port(io);
  std::optional<events::PeerConnectFailed> failed;
  auto subscription = leech.session->events().subscribe([&](const events::Event& e) {
    if (const auto* f = std::get_if<events::PeerConnectFailed>(&e)) failed = *f;
  });
  auto scenario = [&]() -> Task<void> {
    co_await start(leech);
    co_await add(leech, payload, work.path() / "out");
    leech.session->add_peer(payload.meta.info_hash, corrent::net::Endpoint::v4({127, 0, 0, 1}, port));
    REQUIRE_WITHIN(10000ms, failed.has_value());
    BOOST_TEST((failed->info_hash == payload.meta.info_hash));
    BOOST_TEST(failed->endpoint.port() == port);
    BOOST_TEST(!failed->connected);
    BOOST_TEST((failed->error == asio::error::connection_refused), failed->error.message());
    co_await leech.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}
