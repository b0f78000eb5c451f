// The session's shared UDP socket (issue 11, seam 2), through public headers: the session
// opens one on its TCP port; the UDP tracker plugin announces through it (the tracker sees
// the session's port as the source); an application's own handler on the same socket gets
// what the tracker plugin does not claim; a UDP port taken by another program is said.
#include <boost/test/unit_test.hpp>

#include <array>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>

#include "corrent/events/event.hpp"
#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/datagram_service.hpp"
#include "scripted_peer.hpp"
#include "support/run_coro.hpp"

namespace {

using namespace scripted;
using asio::ip::udp;

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}
std::uint32_t get32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// A BEP 15 tracker that answers connect and announce (no peers) and notes where each
// announce came from and the port it announced.
struct FakeUdpTracker {
  explicit FakeUdpTracker(asio::io_context& io) : socket(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}
  std::string url(const std::string& host = "127.0.0.1") const {
    return "udp://" + host + ":" + std::to_string(socket.local_endpoint().port()) + "/announce";
  }

  Task<void> serve() {
    std::array<std::uint8_t, 2048> buffer{};
    for (;;) {
      udp::endpoint from;
      auto [ec, n] = co_await socket.async_receive_from(asio::buffer(buffer), from, corrent::use_nothrow);
      if (ec) co_return;
      if (n < 16) continue;
      const std::uint32_t action = get32(&buffer[8]);
      const std::uint32_t tid = get32(&buffer[12]);
      std::vector<std::uint8_t> reply;
      put32(reply, action);
      put32(reply, tid);
      if (action == 0) {
        put32(reply, 0x01020304);  // connection id
        put32(reply, 0x05060708);
      } else if (action == 1 && n >= 98) {
        announces.push_back(corrent::net::from_asio(from));
        announced_ports.push_back(static_cast<std::uint16_t>((buffer[96] << 8) | buffer[97]));
        put32(reply, 1800);  // interval
        put32(reply, 0);     // leechers
        put32(reply, 1);     // seeders
      } else {
        continue;
      }
      (void)co_await socket.async_send_to(asio::buffer(reply), from, corrent::use_nothrow);
    }
  }

  udp::socket socket;
  std::vector<corrent::net::Endpoint> announces;
  std::vector<std::uint16_t> announced_ports;
};

// Adds `payload` to `us` with `url` as its only tracker and returns where the tracker's
// first announce came from.
Task<corrent::net::Endpoint> first_announce(Node& us, const Payload& payload, const std::filesystem::path& save,
                                            FakeUdpTracker& tracker, std::string url) {
  auto meta = payload.meta;
  meta.trackers = {{std::move(url)}};
  corrent::engine::AddTorrentParams params{meta, save};
  BOOST_TEST_REQUIRE((co_await us.session->add_torrent(std::move(params))).has_value());
  REQUIRE_WITHIN(5000ms, !tracker.announces.empty());
  co_return tracker.announces.front();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(session_udp)

BOOST_AUTO_TEST_CASE(udp_trackers_and_other_handlers_share_the_socket_on_the_tcp_port) {
  asio::io_context io;
  const Payload payload(64 * 1024, 16 * 1024);
  corrent::test::TempDir work;
  FakeUdpTracker tracker(io);
  Node us(work.path() / "resume");
  us.create(io);
  std::vector<std::string> mine;  // what the application's own handler got

  corrent::net::TaskGroup serving(io.get_executor());

  auto scenario = [&]() -> Task<void> {
    serving.spawn(tracker.serve());
    co_await start(us);
    const auto tcp = us.session->listen_endpoints();
    const auto udp_at = us.session->udp_endpoints();
    BOOST_TEST_REQUIRE(tcp.size() == 1u);
    BOOST_TEST_REQUIRE(udp_at.size() == 1u);
    BOOST_TEST((udp_at[0] == tcp[0]));  // same address, same port
    auto registration = us.session->datagrams().add_handler("app", [&](const corrent::net::Datagram& d) {
      if (d.bytes.empty() || d.bytes[0] != 'd') return false;
      mine.emplace_back(d.bytes.begin(), d.bytes.end());
      return true;
    });

    const auto from = co_await first_announce(us, payload, work.path() / "data", tracker, tracker.url());
    BOOST_TEST((from == udp_at[0]));  // from the session's own socket
    BOOST_TEST(tracker.announced_ports.front() == tcp[0].port());

    // Beside the tracker's replies, a datagram for the application reaches its handler.
    tracker.socket.send_to(asio::buffer(std::string("d4:ping0:e")), corrent::net::to_udp(udp_at[0]));
    REQUIRE_WITHIN(2000ms, mine.size() == 1u);
    BOOST_TEST(mine.front() == "d4:ping0:e");
    // connect and announce replies went to the tracker plugin, the 'd' one to us.
    BOOST_TEST(us.session->datagrams().counters().claimed >= 3u);
    co_await us.stop();
    co_await serving.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// A session on 127.0.0.1 only has an IPv4 UDP socket: a tracker named "localhost" (which
// may resolve to ::1 first) is reached at its IPv4 address.
BOOST_AUTO_TEST_CASE(a_tracker_host_is_reached_by_an_address_of_a_family_we_have_a_socket_for) {
  asio::io_context io;
  const Payload payload(64 * 1024, 16 * 1024);
  corrent::test::TempDir work;
  FakeUdpTracker tracker(io);
  Node us(work.path() / "resume");
  us.create(io);
  corrent::net::TaskGroup serving(io.get_executor());
  auto scenario = [&]() -> Task<void> {
    serving.spawn(tracker.serve());
    co_await start(us);
    BOOST_TEST_REQUIRE(us.session->udp_endpoints().size() == 1u);
    const auto from = co_await first_announce(us, payload, work.path() / "data", tracker, tracker.url("localhost"));
    BOOST_TEST((from == us.session->udp_endpoints().front()));
    co_await us.stop();
    co_await serving.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

// A session that accepts nothing (listen empty, as samples/custom_client) still announces
// to UDP trackers: it opens UDP sockets of its own on ports the system picks.
BOOST_AUTO_TEST_CASE(a_session_that_does_not_listen_still_reaches_udp_trackers) {
  asio::io_context io;
  const Payload payload(64 * 1024, 16 * 1024);
  corrent::test::TempDir work;
  FakeUdpTracker tracker(io);
  Node us(work.path() / "resume");
  us.settings.listen = {};
  us.create(io);
  corrent::net::TaskGroup serving(io.get_executor());
  auto scenario = [&]() -> Task<void> {
    serving.spawn(tracker.serve());
    co_await start(us);
    BOOST_TEST(us.session->listen_endpoints().empty());
    const auto udp_at = us.session->udp_endpoints();
    BOOST_TEST_REQUIRE(!udp_at.empty());
    BOOST_TEST(udp_at.front().is_v4());
    BOOST_TEST(udp_at.front().port() != 0);
    const auto from = co_await first_announce(us, payload, work.path() / "data", tracker, tracker.url());
    BOOST_TEST(from.port() == udp_at.front().port());
    co_await us.stop();
    co_await serving.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_CASE(a_taken_udp_port_is_said_and_another_is_used) {
  asio::io_context io;
  corrent::test::TempDir work;
  // Another program holds UDP on the port the session will listen on with TCP. The port
  // must be free for TCP: a UDP port the system picked may be some other process's TCP
  // port (CI runs tests side by side), so up to 20 tries find one free for both.
  const auto loopback = asio::ip::make_address("127.0.0.1");
  std::optional<udp::socket> squatter;
  std::uint16_t port = 0;
  for (int attempt = 0; attempt < 20 && port == 0; ++attempt) {
    squatter.emplace(io, udp::endpoint(loopback, 0));
    const auto candidate = squatter->local_endpoint().port();
    asio::ip::tcp::acceptor probe(io);
    std::error_code ec;
    probe.open(asio::ip::tcp::v4(), ec);
    if (!ec) probe.bind(asio::ip::tcp::endpoint(loopback, candidate), ec);
    if (!ec) port = candidate;  // the probe closes here; the session binds it next
  }
  BOOST_TEST_REQUIRE(port != 0);
  Node us(work.path() / "resume");
  us.settings.listen = {"127.0.0.1:" + std::to_string(port)};
  us.create(io);
  std::vector<corrent::events::SessionWarning> warnings;
  auto subscription = us.session->events().subscribe([&](const corrent::events::Event& e) {
    if (const auto* w = std::get_if<corrent::events::SessionWarning>(&e)) warnings.push_back(*w);
  });

  auto scenario = [&]() -> Task<void> {
    co_await start(us);
    BOOST_TEST_REQUIRE(us.session->listen_endpoints().size() == 1u);
    BOOST_TEST(us.session->listen_endpoints()[0].port() == port);
    const auto udp_at = us.session->udp_endpoints();
    BOOST_TEST_REQUIRE(udp_at.size() == 1u);
    BOOST_TEST(udp_at[0].port() != port);
    BOOST_TEST(udp_at[0].port() != 0);
    co_await us.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].what == "udp_port_differs");
  BOOST_TEST(warnings[0].detail.find(std::to_string(port)) != std::string::npos);
}

// "[::]" listens on both families (transport_tcp's dual-stack listener): UDP gets an
// IPv6-only and an IPv4 socket, both on the TCP port, so a tracker of either family is
// reached from that port.
BOOST_AUTO_TEST_CASE(any_ipv6_address_gets_a_udp_socket_per_family_on_the_tcp_port) {
  asio::io_context io;
  corrent::test::TempDir work;
  Node us(work.path() / "resume");
  us.settings.listen = {"[::]:0"};
  us.create(io);
  auto scenario = [&]() -> Task<void> {
    co_await start(us);
    const auto tcp = us.session->listen_endpoints();
    BOOST_TEST_REQUIRE(!tcp.empty());
    const auto udp_at = us.session->udp_endpoints();
    BOOST_TEST_REQUIRE(udp_at.size() == 2u);
    BOOST_TEST(udp_at[0].is_v6());
    BOOST_TEST(udp_at[1].is_v4());
    BOOST_TEST(udp_at[0].port() == tcp.front().port());
    BOOST_TEST(udp_at[1].port() == tcp.front().port());
    BOOST_TEST(us.session->datagrams().can_send_to(corrent::net::Endpoint::v4({127, 0, 0, 1}, 1)));
    co_await us.stop();
  };
  corrent::test::run_coro(io, scenario(), 30s);
}

BOOST_AUTO_TEST_SUITE_END()
