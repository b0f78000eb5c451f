// The plugin on real sockets, each test inside a network namespace of its own
// (lsd_namespace.hpp: needs root), so that no multicast reaches beyond its loopback. Two
// instances find each other through multicast on that loopback (IP_MULTICAST_LOOP,
// multicast_interface 127.0.0.1, a group port of the test's own): each gets the other's
// TCP port for the torrent they share, none gets its own announce back as a peer. Also:
// never for private torrents, run() ends with the torrent's "stopped" or the plugin's stop,
// and register_lsd's section.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <string>

#include <asio/io_context.hpp>

#include "corrent/net/task_group.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/plugins/lsd.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/registry/registry.hpp"
#include "lsd_discovery.hpp"
#include "lsd_namespace.hpp"
#include "lsd_test_support.hpp"
#include "support/run_coro.hpp"

namespace lsd = corrent::lsd;
using corrent::Task;
using corrent::net::Endpoint;
using lsd::test::FakeTorrent;
using lsd::test::found;
using lsd::test::hash_of;
using namespace std::chrono_literals;

namespace {

lsd::LsdSettings loopback_settings() {
  lsd::LsdSettings s;
  s.port = lsd::test::test_group_port();
  s.ipv6 = false;  // IPv6 multicast on lo needs a route the host does not have (see the netns test)
  s.multicast_interface = {127, 0, 0, 1};
  s.multicast_loop = true;
  return s;
}

std::unique_ptr<lsd::LsdDiscovery> make_plugin(asio::io_context& io, const lsd::LsdSettings& settings) {
  auto plugin = lsd::LsdDiscovery::create(io.get_executor(), settings);
  BOOST_REQUIRE_MESSAGE(plugin, "cannot join " << settings.port << " on 127.0.0.1: "
                                               << (plugin ? "" : plugin.error().message()));
  return std::move(*plugin);
}

// Runs plugin.run(torrent) in `group`, recording its result.
Task<void> run_into(lsd::LsdDiscovery& plugin, FakeTorrent& torrent, corrent::Result<void>& out, bool& ended) {
  out = co_await plugin.run(torrent);
  ended = true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lsd_discovery)

BOOST_AUTO_TEST_CASE(two_instances_on_one_host_find_each_other_over_loopback_multicast) {
  lsd::test::Namespace ns;  // first made, last gone: the plugin's sockets live inside it
  ns.enter();
  asio::io_context io;
  const auto settings = loopback_settings();
  auto a = make_plugin(io, settings);
  auto b = make_plugin(io, settings);
  BOOST_TEST(a->cookie() != b->cookie());
  FakeTorrent ta(io.get_executor(), hash_of(0x42), 40001);
  FakeTorrent tb(io.get_executor(), hash_of(0x42), 40002);
  FakeTorrent other(io.get_executor(), hash_of(0x43), 40002);  // on b, a torrent a lacks
  corrent::net::TaskGroup runs(io.get_executor());
  corrent::Result<void> ra, rb, ro;
  bool ea = false, eb = false, eo = false;
  runs.spawn(run_into(*a, ta, ra, ea));
  runs.spawn(run_into(*b, tb, rb, eb));
  runs.spawn(run_into(*b, other, ro, eo));
  const Endpoint a_at = Endpoint::v4({127, 0, 0, 1}, 40001);
  const Endpoint b_at = Endpoint::v4({127, 0, 0, 1}, 40002);
  const bool met = corrent::test::run_coro(io, lsd::test::within(5'000ms, [&] {
    return found(ta, b_at) && found(tb, a_at);
  }), 10s);
  BOOST_TEST_MESSAGE("a: sent " << a->counts().announces_sent << ", accepted " << a->inbound().accepted << ", own "
                                << a->inbound().own << "; b: sent " << b->counts().announces_sent << ", accepted "
                                << b->inbound().accepted << ", own " << b->inbound().own);
  BOOST_TEST(met);
  // Each heard its own announce back (loop) and dropped it by its cookie.
  BOOST_TEST(a->inbound().own >= 1u);
  BOOST_TEST(b->inbound().own >= 1u);
  BOOST_TEST(!found(ta, a_at));
  BOOST_TEST(!found(tb, b_at));
  // b's other torrent got nothing: a does not announce it.
  BOOST_TEST(other.found.empty());
  BOOST_TEST(b->counts().announces_sent >= 1u);
  BOOST_TEST(a->inbound().malformed == 0u);
  // The torrent's "stopped" ends its run() with success.
  ta.set_event(corrent::DiscoveryEvent::stopped);
  const bool a_ended = corrent::test::run_coro(io, lsd::test::within(2'000ms, [&] { return ea; }), 5s);
  BOOST_TEST(a_ended);
  BOOST_TEST(ra.has_value());
  BOOST_TEST(a->torrents() == 0u);
  // The plugin's stop ends the others' with operation_aborted.
  corrent::test::run_coro(io, b->stop(), 10s);
  const bool b_ended = corrent::test::run_coro(io, lsd::test::within(2'000ms, [&] { return eb && eo; }), 5s);
  BOOST_TEST(b_ended);
  BOOST_TEST(!rb.has_value());
  corrent::test::run_coro(io, runs.stop(), 10s);
  corrent::test::run_coro(io, a->stop(), 10s);
}

BOOST_AUTO_TEST_CASE(announces_again_every_interval_within_the_send_budget) {
  lsd::test::Namespace ns;  // first made, last gone: the plugin's sockets live inside it
  ns.enter();
  asio::io_context io;
  auto settings = loopback_settings();
  settings.interval = 100ms;  // due again at once, every time: only the budget holds it
  auto plugin = make_plugin(io, settings);
  FakeTorrent torrent(io.get_executor(), hash_of(0x60), 40020);
  corrent::net::TaskGroup runs(io.get_executor());
  corrent::Result<void> result;
  bool ended = false;
  runs.spawn(run_into(*plugin, torrent, result, ended));
  const bool burst = corrent::test::run_coro(io, lsd::test::within(3'000ms, [&] {
    return plugin->counts().announces_sent >= lsd::kSendBurst;
  }), 5s);
  BOOST_TEST(burst);
  // The next token comes a minute after the first announce: nothing more meanwhile.
  (void)corrent::test::run_coro(io, lsd::test::within(700ms, [] { return false; }), 5s);
  BOOST_TEST(plugin->counts().announces_sent == lsd::kSendBurst);
  BOOST_TEST(plugin->counts().send_errors == 0u);
  BOOST_TEST(plugin->inbound().own == lsd::kSendBurst);  // each came back (loop) and was dropped
  corrent::test::run_coro(io, runs.stop(), 10s);
  corrent::test::run_coro(io, plugin->stop(), 10s);
}

BOOST_AUTO_TEST_CASE(never_for_private_torrents) {
  lsd::test::Namespace ns;  // first made, last gone: the plugin's sockets live inside it
  ns.enter();
  asio::io_context io;
  auto plugin = make_plugin(io, loopback_settings());
  BOOST_TEST(!plugin->allowed_for_private());
  FakeTorrent torrent(io.get_executor(), hash_of(0x50), 40010, /*is_private=*/true);
  const auto result = corrent::test::run_coro(io, plugin->run(torrent), 1s);  // returns at once
  BOOST_TEST(result.has_value());
  BOOST_TEST(plugin->torrents() == 0u);
  BOOST_TEST(plugin->counts().announces_sent == 0u);
  corrent::test::run_coro(io, plugin->stop(), 10s);
}

BOOST_AUTO_TEST_CASE(register_lsd_reads_its_section) {
  lsd::test::Namespace ns;  // first made, last gone: the plugin's sockets live inside it
  ns.enter();
  asio::io_context io;
  corrent::Registry registry;
  corrent::plugins::register_lsd(registry);
  BOOST_REQUIRE(registry.contains("lsd"));
  const auto text = R"({"lsd": {"interval_ms": 60000, "port": )" + std::to_string(lsd::test::test_group_port()) +
                    R"(, "ipv6": false, "multicast_interface": "127.0.0.1", "multicast_loop": true}})";
  auto config = corrent::Config::parse(text);
  BOOST_REQUIRE(config);
  auto set = corrent::build_plugins(registry, *config, io.get_executor());
  BOOST_REQUIRE_MESSAGE(set, (set ? "" : set.error().message()));
  auto* plugin = dynamic_cast<lsd::LsdDiscovery*>(set->find<corrent::Discovery>("lsd"));
  BOOST_REQUIRE(plugin != nullptr);
  BOOST_TEST((plugin->groups() == std::vector{lsd::Group::v4}));
  corrent::test::run_coro(io, set->stop(), 10s);
  for (const auto* bad : {R"({"lsd": {"multicast_interface": "not an address"}})",
                          R"({"lsd": {"multicast_interface": "::1"}})", R"({"lsd": {"port": 0}})",
                          R"({"lsd": {"interval_ms": 10}})", R"({"lsd": {"unknown_key": 1}})"}) {
    auto parsed = corrent::Config::parse(bad);
    BOOST_REQUIRE(parsed);
    BOOST_TEST(!corrent::build_plugins(registry, *parsed, io.get_executor()).has_value(), bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()
