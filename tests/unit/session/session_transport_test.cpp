// Several transports in one session (issue 11, seam 1), through public headers: the real
// TCP transport beside an in-memory one. The session listens with each on one port and
// accepts from both; it dials a peer by the transport its source named first, else by
// its preference order, falls back to the next transport when a connect fails, and
// remembers per peer the one that worked.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include "corrent/core/clock.hpp"
#include "corrent/engine/errc.hpp"
#include "corrent/net/peer_address.hpp"
#include "corrent/registry/plugin_context.hpp"
#include "corrent/registry/registry.hpp"
#include "corrent/wire/extension.hpp"
#include "corrent/wire/peer_context.hpp"
#include "corrent/wire/torrent_view.hpp"
#include "scripted_peer.hpp"
#include "support/memory_transport.hpp"
#include "support/run_coro.hpp"

using namespace scripted;
using corrent::net::PeerAddress;

namespace {

// An extension that only looks: what its torrent's connected_peers() (what PEX sends from)
// says, read every 10 ms while a peer is attached, for at most 5 s.
class Peek final : public corrent::Extension {
 public:
  explicit Peek(std::vector<corrent::ConnectedPeer>* seen) : seen_(seen) {}
  [[nodiscard]] std::string_view name() const override { return "x_peek"; }
  std::unique_ptr<corrent::ExtensionPeer> attach(corrent::PeerContext& peer) override {
    return std::make_unique<Looker>(peer, seen_);
  }

 private:
  struct Looker final : corrent::ExtensionPeer {
    Looker(corrent::PeerContext& p, std::vector<corrent::ConnectedPeer>* s) : peer(p), seen(s) {}
    Task<corrent::Result<void>> on_message(std::span<const std::byte>) override { co_return corrent::Result<void>{}; }
    Task<void> run() override {
      corrent::Timer timer(co_await asio::this_coro::executor);
      for (int i = 0; i < 500 && seen->empty(); ++i) {
        if (auto* torrent = peer.torrent()) *seen = torrent->connected_peers();
        timer.expires_after(10ms);
        if (auto [ec] = co_await timer.async_wait(corrent::use_nothrow); ec) co_return;
      }
    }
    corrent::PeerContext& peer;
    std::vector<corrent::ConnectedPeer>* seen;
  };
  std::vector<corrent::ConnectedPeer>* seen_;
};

// Gives `node` the in-memory transport `scheme` after TCP (TCP preferred).
void add_memory_transport(Node& node, corrent::test::MemoryNetwork& network, const std::string& scheme) {
  corrent::test::register_memory_transport(node.registry, network, scheme);
  node.settings.transports = {"tcp", scheme};
}

// Starts both; the seeder seeds `payload`, `us` adds it and is given the seeder's address
// on its second transport, named as that transport (so dialled by it first). Returns the
// seeder's listen addresses.
Task<std::vector<PeerAddress>> seed_then_dial_second_transport(Node& seeder, Node& us, const Payload& payload,
                                                             std::filesystem::path us_data) {
  co_await start(seeder);
  co_await start(us);
  auto listening = seeder.session->listen_addresses();
  BOOST_TEST_REQUIRE(listening.size() == 2u);
  co_await add(seeder, payload, payload.dir.path());
  co_await wait_state(seeder, payload, TorrentState::seeding);
  co_await add(us, payload, us_data);
  us.session->add_peer(payload.meta.info_hash, PeerAddress{listening[1].endpoint, listening[1].transport});
  co_return listening;
}

}  // namespace

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
  add_memory_transport(seeder, network, "mem");
  seeder.create(io);
  Node us(work.path() / "us-resume");
  add_memory_transport(us, network, "mem");  // TCP preferred...
  us.settings.listen = {};
  us.create(io);

  auto scenario = [&]() -> Task<void> {
    // ...but this peer's source said "mem": dialled that way, and the seeder accepts it.
    const auto listening = co_await seed_then_dial_second_transport(seeder, us, payload, work.path() / "us-data");
    BOOST_TEST(listening[0].transport == "tcp");
    BOOST_TEST(listening[1].transport == "mem");
    BOOST_TEST((listening[0].endpoint == listening[1].endpoint));  // one port for both
    BOOST_TEST(listening[0].endpoint.port() != 0);
    BOOST_TEST(seeder.session->listen_endpoints().size() == 1u);
    REQUIRE_WITHIN(10000ms, finished(us, payload));
    BOOST_TEST(network.connects == 1u);
    BOOST_TEST(network.accepted == 1u);
    co_await us.stop();
    co_await seeder.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// What a peer was reached by is what the torrent tells its extensions, so PEX can give a
// peer reached by uTP BEP 11's uTP flag (here an in-memory transport named "utp").
BOOST_AUTO_TEST_CASE(the_transport_a_peer_was_reached_by_is_known_to_extensions) {
  asio::io_context io;
  corrent::test::MemoryNetwork network;
  const Payload payload(256 * 1024, 32 * 1024);
  corrent::test::TempDir work;
  Node seeder(work.path() / "seed-resume");
  add_memory_transport(seeder, network, "utp");
  seeder.create(io);
  Node us(work.path() / "us-resume");
  add_memory_transport(us, network, "utp");
  std::vector<corrent::ConnectedPeer> seen;
  (void)us.registry.add_extension("x_peek", [&seen](corrent::PluginContext&) -> corrent::Result<std::unique_ptr<corrent::Extension>> {
    return std::make_unique<Peek>(&seen);
  });
  us.settings.listen = {};
  us.create(io);

  auto scenario = [&]() -> Task<void> {
    const auto listening = co_await seed_then_dial_second_transport(seeder, us, payload, work.path() / "us-data");
    BOOST_TEST_REQUIRE(listening[1].transport == "utp");
    REQUIRE_WITHIN(5000ms, !seen.empty());
    BOOST_TEST_REQUIRE(seen.size() == 1u);
    BOOST_TEST(seen[0].transport == "utp");
    BOOST_TEST(seen[0].outgoing);
    BOOST_TEST((seen[0].endpoint == listening[1].endpoint));
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
