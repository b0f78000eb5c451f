// Peers through a SOCKS5 proxy (SessionSettings::proxy), through public headers: a seeding
// Session and a leeching one on 127.0.0.1, the leecher's outgoing connections going
// through an in-process proxy (support/socks5_fake_proxy.hpp) that records each CONNECT and
// the port it dialled from. The seeder's PeerConnected says where its peer came from: a
// proxied download comes from the proxy's port, a direct one would come from the leecher's.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <exception>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <asio/experimental/awaitable_operators.hpp>

#include "corrent/engine/errc.hpp"
#include "corrent/events/event.hpp"
#include "scripted_peer.hpp"
#include "support/memory_transport.hpp"
#include "support/run_coro.hpp"
#include "support/socks5_fake_proxy.hpp"

using namespace scripted;
using namespace asio::experimental::awaitable_operators;
using corrent::test::Socks5FakeProxy;
namespace events = corrent::events;
namespace net = corrent::net;

namespace {

// How long a refused leecher is watched for a connection it must not make (ours: its
// first dial is immediate on add, and a retry would fall well inside it).
constexpr auto kRefusedWindow = 3000ms;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A seeder (listening on 127.0.0.1) and a leecher whose peers are reached through `proxy`
// and which listens nowhere, so that every connection between them is one the proxy made.
// `accepted` gets the remote endpoint of each connection the seeder accepts.
struct Swarm {
  corrent::test::TempDir work;
  Node seeder{work.path() / "seed-resume"};
  Node leecher{work.path() / "leech-resume"};
  std::vector<net::Endpoint> accepted;
  net::Endpoint seeder_at;  // where the seeder listens, once started
  events::Subscription watch;

  Swarm(asio::io_context& io, const Socks5FakeProxy& proxy) {
    seeder.create(io);
    leecher.settings.proxy = proxy.settings();
    leecher.settings.listen = {};
    leecher.create(io);
    watch = seeder.session->events().subscribe([this](const events::Event& e) {
      if (const auto* c = std::get_if<events::PeerConnected>(&e); c != nullptr && c->incoming) {
        accepted.push_back(c->endpoint);
      }
    });
  }

  Task<void> stop() {
    co_await leecher.stop();
    co_await seeder.stop();
  }
};

// Both started, the seeder seeding, the leecher given the torrent and the seeder's address.
Task<void> start_download(Swarm& swarm, const Payload& payload) {
  co_await start(swarm.seeder);
  co_await start(swarm.leecher);
  co_await add(swarm.seeder, payload, payload.dir.path());
  co_await wait_state(swarm.seeder, payload, TorrentState::seeding);
  const auto listening = swarm.seeder.session->listen_endpoints();
  BOOST_TEST_REQUIRE(listening.size() == 1u);
  swarm.seeder_at = listening.front();
  const auto save_path = swarm.work.path() / "out";
  corrent::engine::AddTorrentParams params{payload.meta, save_path};
  params.peers = listening;
  const auto added = co_await swarm.leecher.session->add_torrent(std::move(params));
  BOOST_TEST_REQUIRE(added.has_value());
}

// What `task` threw, as a value: Asio's `||` waits for a branch that succeeds, so a
// scenario failing a REQUIRE must still end normally for the proxy to be cancelled.
Task<std::exception_ptr> caught(Task<void> task) {
  try {
    co_await std::move(task);
  } catch (...) {
    co_return std::current_exception();
  }
  co_return nullptr;
}

// Runs `scenario` with the proxy serving beside it until the scenario ends (or fails).
void run_with(asio::io_context& io, Socks5FakeProxy& proxy, Task<void> scenario) {
  auto both = [](Socks5FakeProxy& p, Task<void> s) -> Task<void> {
    auto ended = co_await (p.serve() || caught(std::move(s)));
    if (ended.index() == 1 && std::get<1>(ended)) std::rethrow_exception(std::get<1>(ended));
  };
  corrent::test::run_coro(io, both(proxy, std::move(scenario)), 60s);
}

bool contains_port(const std::vector<std::uint16_t>& ports, std::uint16_t port) {
  return std::find(ports.begin(), ports.end(), port) != ports.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(session_proxy)

// The download completes, over a tunnel the proxy opened to exactly the seeder's address,
// after the leecher gave the proxy its user and password. The seeder's peer is the proxy's
// outbound socket: were the leecher dialling directly, the port the seeder saw would be
// one of the leecher's (not among the proxy's dialled-from ports).
BOOST_AUTO_TEST_CASE(a_download_goes_through_the_proxy) {
  asio::io_context io;
  Socks5FakeProxy proxy(io);
  proxy.credentials = Socks5FakeProxy::Credentials{"alice", "s3cret"};
  const Payload payload(512 * 1024, 32 * 1024);
  Swarm swarm(io, proxy);

  auto scenario = [&]() -> Task<void> {
    co_await start_download(swarm, payload);
    REQUIRE_WITHIN(20000ms, finished(swarm.leecher, payload));
    co_await swarm.stop();
  };
  run_with(io, proxy, scenario());

  BOOST_TEST((read_file(swarm.work.path() / "out" / "payload.bin") == payload.data), "downloaded bytes differ");
  BOOST_TEST(proxy.authenticated >= 1u);
  BOOST_TEST(proxy.auth_failures == 0u);
  BOOST_REQUIRE(!proxy.connects.empty());
  std::vector<std::uint16_t> proxy_ports;   // the proxy's sockets to the seeder
  std::vector<std::uint16_t> leecher_ports;  // the leecher's sockets to the proxy
  for (const auto& c : proxy.connects) {
    BOOST_TEST(c.address_type == 1);
    BOOST_TEST(c.target == swarm.seeder_at.to_string());
    BOOST_TEST((c.address == swarm.seeder_at));
    if (c.dialled_from) proxy_ports.push_back(c.dialled_from->port());
    leecher_ports.push_back(c.client.port());
  }
  BOOST_REQUIRE(!swarm.accepted.empty());
  for (const auto& from : swarm.accepted) {
    BOOST_TEST(contains_port(proxy_ports, from.port()), "seeder accepted " << from.to_string() << ", not a proxy port");
    BOOST_TEST(!contains_port(leecher_ports, from.port()), "seeder accepted the leecher's " << from.to_string());
  }
}

// A proxy that refuses every CONNECT: the leecher asks it (for the seeder), and never
// reaches the seeder by any other way within the window.
BOOST_AUTO_TEST_CASE(a_refusing_proxy_means_no_peer) {
  asio::io_context io;
  Socks5FakeProxy proxy(io);
  proxy.refuse = true;
  const Payload payload(64 * 1024, 32 * 1024);
  Swarm swarm(io, proxy);

  auto scenario = [&]() -> Task<void> {
    co_await start_download(swarm, payload);
    REQUIRE_WITHIN(5000ms, !proxy.connects.empty());
    co_await sleep(kRefusedWindow);
    const auto status = swarm.leecher.session->status(payload.meta.info_hash);
    BOOST_TEST_REQUIRE(status.has_value());
    BOOST_TEST(status->peers == 0u);
    BOOST_TEST(!status->finished);
    co_await swarm.stop();
  };
  run_with(io, proxy, scenario());

  BOOST_TEST(swarm.accepted.empty());
  for (const auto& c : proxy.connects) {
    BOOST_TEST((c.address == swarm.seeder_at));
    BOOST_TEST(!c.dialled_from.has_value());
  }
}

// A proxy carries TCP only: a session whose only transport is another ("mem", a fake
// transport plugin built in this test's registry) has nothing to dial with. The same
// settings without the proxy create a session, so it is the proxy rule that refuses; and
// beside tcp, the other transport is left out (the session listens with tcp alone).
BOOST_AUTO_TEST_CASE(a_proxy_without_tcp_is_no_transport) {
  asio::io_context io;
  corrent::test::MemoryNetwork network;
  corrent::test::TempDir work;
  Socks5FakeProxy proxy(io);
  corrent::Registry registry;
  corrent::plugins::register_standard(registry);
  corrent::test::register_memory_transport(registry, network, "mem");
  corrent::engine::SessionSettings settings;
  settings.listen = {"127.0.0.1:0"};
  settings.resume_dir = work.path() / "resume";
  settings.transports = {"mem"};

  auto direct = corrent::engine::Session::create(io.get_executor(), registry, corrent::Config{}, settings);
  BOOST_TEST_REQUIRE(direct.has_value(), "mem alone, no proxy: " << (direct ? "" : direct.error().message()));
  direct->reset();

  settings.proxy = proxy.settings();
  auto proxied = corrent::engine::Session::create(io.get_executor(), registry, corrent::Config{}, settings);
  BOOST_TEST_REQUIRE(!proxied.has_value());
  BOOST_TEST((proxied.error().code == corrent::engine::errc::no_transport));

  settings.transports = {"mem", "tcp"};
  auto both = corrent::engine::Session::create(io.get_executor(), registry, corrent::Config{}, settings);
  BOOST_TEST_REQUIRE(both.has_value(), (both ? "" : both.error().message()));
  auto session = std::move(*both);
  auto scenario = [&]() -> Task<void> {
    const auto started = co_await session->start();
    BOOST_TEST_REQUIRE(started.has_value());
    const auto listening = session->listen_addresses();
    BOOST_TEST_REQUIRE(listening.size() == 1u);
    BOOST_TEST(listening[0].transport == "tcp");
    co_await session->stop();
  };
  corrent::test::run_coro(io, scenario(), 10s);
}

BOOST_AUTO_TEST_SUITE_END()
