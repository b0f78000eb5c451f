// Interop with python3-libtorrent's Local Service Discovery (tests/unit/lsd/lt_lsd_peer.py)
// inside a network namespace the test creates and removes: libtorrent's announce reaches
// our plugin (our torrent gets libtorrent's listen port), and ours reaches libtorrent (it
// reports an lsd_peer alert with our port). Both use the BEP 14 port 6771, which only a
// namespace of our own makes safe to bind. Over IPv4 (127.0.0.1) and over IPv6 (the
// group [ff15::efc0:988f], on a veth link of the namespace). Disabled in unit.lsd; run by the
// interop.lsd_libtorrent test (--run_test names it). It needs root; it fails, never skips,
// when the namespace cannot be made or python3-libtorrent is missing.
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "corrent/core/encoding.hpp"
#include "corrent/net/task_group.hpp"
#include "lsd_discovery.hpp"
#include "lsd_namespace.hpp"
#include "lsd_test_support.hpp"
#include "support/child_process.hpp"
#include "support/run_coro.hpp"

namespace lsd = corrent::lsd;
using corrent::Task;
using corrent::net::Endpoint;
using corrent::test::ChildProcess;
using namespace std::chrono_literals;

namespace {

using lsd::test::Namespace;
constexpr std::uint16_t kLibtorrentPort = 6881;  // in the namespace: nothing else there
constexpr std::uint16_t kOurTcpPort = 7000;      // announced only; nobody needs to listen

Task<void> run_plugin(lsd::LsdDiscovery& plugin, lsd::test::FakeTorrent& torrent) {
  (void)co_await plugin.run(torrent);
}

// libtorrent listening on `libtorrent_at` only, so that it takes and sends announces of
// that family only; our plugin with `settings`. Each must find the other: libtorrent at `libtorrent_at`, us at `us`.
void meet_libtorrent(bool ipv6, const Endpoint& libtorrent_at, const lsd::LsdSettings& settings,
                     const Endpoint& us) {
  std::unique_ptr<Namespace> ns;
  try {
    ns = std::make_unique<Namespace>();
  } catch (const std::exception& e) {
    BOOST_FAIL(e.what());
  }
  ns->enter(ipv6);
  auto child = ChildProcess::start({CORRENT_INTEROP_PYTHON, CORRENT_LT_LSD_SCRIPT, "--listen",
                                    libtorrent_at.to_string(), "--timeout", "90"});
  const auto hex = child.wait_for_line("info-hash: ", 30s);
  BOOST_REQUIRE_MESSAGE(hex, "libtorrent did not start:\n" << child.transcript());
  BOOST_REQUIRE_MESSAGE(child.wait_for_line("ready", 30s), child.transcript());
  const auto bytes = corrent::from_hex(*hex);
  BOOST_REQUIRE(bytes && bytes->size() == 20);
  corrent::InfoHashBytes hash{};
  std::memcpy(hash.data(), bytes->data(), hash.size());

  asio::io_context io;
  auto created = lsd::LsdDiscovery::create(io.get_executor(), settings);
  BOOST_REQUIRE_MESSAGE(created, "cannot join the LSD group in the namespace: " << (created ? "" : created.error().message()));
  auto& plugin = **created;
  if (ipv6) BOOST_REQUIRE((plugin.groups() == std::vector{lsd::Group::v4, lsd::Group::v6}));
  lsd::test::FakeTorrent torrent(io.get_executor(), hash, us.port());
  corrent::net::TaskGroup runs(io.get_executor());
  runs.spawn(run_plugin(plugin, torrent));

  const std::string us_text = us.to_string();
  bool we_found_it = false;
  bool it_found_us = false;
  (void)corrent::test::run_coro(io, lsd::test::within(30'000ms, [&] {
    for (const auto& f : torrent.found) we_found_it = we_found_it || (f.peer == libtorrent_at && f.info_hash == hash);
    // 5 ms: read_line rounds its timeout down to whole milliseconds, so 1 ms reads nothing.
    while (auto line = child.read_line(5ms)) {
      if (line->rfind("lsd-peer: " + us_text + " ", 0) == 0) it_found_us = true;
    }
    return we_found_it && it_found_us;
  }), 40s);
  BOOST_TEST_MESSAGE("ours: sent " << plugin.counts().announces_sent << ", accepted " << plugin.inbound().accepted
                                   << ", own " << plugin.inbound().own << ", malformed "
                                   << plugin.inbound().malformed << "\nlibtorrent:\n" << child.transcript());
  for (const auto& f : torrent.found) BOOST_TEST_MESSAGE("we found " << f.peer.to_string());
  BOOST_TEST(we_found_it, "we found libtorrent at " << libtorrent_at.to_string());
  BOOST_TEST(it_found_us, "libtorrent found us at " << us_text);
  BOOST_TEST(plugin.inbound().malformed == 0u);
  corrent::test::run_coro(io, runs.stop(), 10s);
  corrent::test::run_coro(io, plugin.stop(), 10s);
  child.stop();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lsd_libtorrent, *boost::unit_test::disabled())

BOOST_AUTO_TEST_CASE(libtorrent_and_we_find_each_other_in_a_network_namespace) {
  lsd::LsdSettings settings;  // BEP 14's port 6771, as libtorrent's
  settings.interval = 1s;
  settings.ipv6 = false;  // libtorrent listens on 127.0.0.1 only
  // Sent from 127.0.0.1: libtorrent drops announces from outside its listen network, and
  // without an interface the namespace's lo route gives the source 0.0.0.0.
  settings.multicast_interface = {127, 0, 0, 1};
  meet_libtorrent(false, Endpoint::v4({127, 0, 0, 1}, kLibtorrentPort), settings,
                  Endpoint::v4({127, 0, 0, 1}, kOurTcpPort));
}

// BEP 14's IPv6 group [ff15::efc0:988f]:6771, on the namespace's veth link (enter(true)),
// where libtorrent listens on the link's address and so joins the group there. Our
// announces come from that address too (the link is the only IPv6 multicast route).
BOOST_AUTO_TEST_CASE(libtorrent_and_we_find_each_other_over_ipv6) {
  lsd::LsdSettings settings;  // BEP 14's port 6771, as libtorrent's
  settings.interval = 1s;
  settings.ipv6 = true;  // multicast_interface 0.0.0.0: IPv6 joins where the system routes it
  const auto link = lsd::test::kIpv6AddressBytes;
  meet_libtorrent(true, Endpoint::v6(link, kLibtorrentPort), settings, Endpoint::v6(link, kOurTcpPort));
}

BOOST_AUTO_TEST_SUITE_END()
