// The plugin over IPv6 (BEP 14's group [ff15::efc0:988f]), inside a network namespace of
// the test's own with a veth link carrying IPv6 multicast (lsd_namespace.hpp, enter(true):
// IPv6 multicast does not loop back through `lo`). Two instances find each other through
// the IPv6 group: each gets the other's TCP port at the link's IPv6 address, from the IPv6
// socket, and none gets its own announce back as a peer.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <vector>

#include <asio/io_context.hpp>

#include "corrent/net/task_group.hpp"
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

// Both groups, joined where the system routes them (multicast_interface 0.0.0.0): IPv4 on
// the namespace's lo, IPv6 on its veth link, the only interface with an IPv6 group route.
lsd::LsdSettings dual_stack_settings() {
  lsd::LsdSettings s;
  s.port = lsd::test::test_group_port();
  s.ipv6 = true;
  s.multicast_loop = true;
  return s;
}

Task<void> run_plugin(lsd::LsdDiscovery& plugin, FakeTorrent& torrent) { (void)co_await plugin.run(torrent); }

}  // namespace

BOOST_AUTO_TEST_SUITE(lsd_ipv6)

BOOST_AUTO_TEST_CASE(two_instances_find_each_other_over_the_ipv6_group) {
  lsd::test::Namespace ns;  // first made, last gone: the plugin's sockets live inside it
  ns.enter(/*ipv6=*/true);
  asio::io_context io;
  auto a = lsd::LsdDiscovery::create(io.get_executor(), dual_stack_settings());
  auto b = lsd::LsdDiscovery::create(io.get_executor(), dual_stack_settings());
  BOOST_REQUIRE_MESSAGE(a && b, "cannot join the groups in the namespace");
  // The IPv6 group was joined: create() skips it silently where the host has none.
  BOOST_REQUIRE(((*a)->groups() == std::vector{lsd::Group::v4, lsd::Group::v6}));
  BOOST_REQUIRE(((*b)->groups() == std::vector{lsd::Group::v4, lsd::Group::v6}));
  FakeTorrent ta(io.get_executor(), hash_of(0x66), 40061);
  FakeTorrent tb(io.get_executor(), hash_of(0x66), 40062);
  corrent::net::TaskGroup runs(io.get_executor());
  runs.spawn(run_plugin(**a, ta));
  runs.spawn(run_plugin(**b, tb));
  const Endpoint a_at = Endpoint::v6(lsd::test::kIpv6AddressBytes, 40061);
  const Endpoint b_at = Endpoint::v6(lsd::test::kIpv6AddressBytes, 40062);
  const bool met = corrent::test::run_coro(io, lsd::test::within(5'000ms, [&] {
    return found(ta, b_at) && found(tb, a_at);
  }), 10s);
  BOOST_TEST_MESSAGE("a: sent " << (*a)->counts().announces_sent << ", accepted " << (*a)->inbound().accepted
                                << ", own " << (*a)->inbound().own << "; b: sent " << (*b)->counts().announces_sent
                                << ", accepted " << (*b)->inbound().accepted << ", own " << (*b)->inbound().own);
  for (const auto& f : ta.found) BOOST_TEST_MESSAGE("a found " << f.peer.to_string());
  for (const auto& f : tb.found) BOOST_TEST_MESSAGE("b found " << f.peer.to_string());
  BOOST_TEST(met);
  // One announce went to each group, and neither failed.
  BOOST_TEST((*a)->counts().announces_sent >= 2u);
  BOOST_TEST((*a)->counts().send_errors == 0u);
  BOOST_TEST((*b)->counts().send_errors == 0u);
  BOOST_TEST(!found(ta, a_at));
  BOOST_TEST(!found(tb, b_at));
  BOOST_TEST((*a)->inbound().malformed == 0u);
  corrent::test::run_coro(io, runs.stop(), 10s);
  corrent::test::run_coro(io, (*a)->stop(), 10s);
  corrent::test::run_coro(io, (*b)->stop(), 10s);
}

BOOST_AUTO_TEST_SUITE_END()
