// tracker_udp behind a SOCKS5 proxy (issue 17), against FakeSocks5Relay on 127.0.0.1: an
// announce goes through the relay and its reply comes back; the association is kept for
// the next announce and made again after the proxy closed it; a tracker's name goes to the
// proxy unresolved; a datagram from another source than the relay is ignored; a proxy
// without UDP ASSOCIATE fails the announce, naming the proxy, and nothing reaches the
// tracker directly; the "proxy" key is checked at start-up.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <variant>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <asio/this_coro.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/socks5.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/plugins/tracker_udp.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "fake_socks5_relay.hpp"
#include "support/run_coro.hpp"
#include "udp_tracker.hpp"

namespace {

namespace tr = corrent::tracker;
namespace net = corrent::net;
using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
using asio::ip::udp;
using Bytes = std::vector<std::uint8_t>;
using corrent::Task;
using corrent::test::FakeSocks5Relay;

void put32(Bytes& b, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}
std::uint32_t get32(const Bytes& p, std::size_t at) {
  return (std::uint32_t{p[at]} << 24) | (std::uint32_t{p[at + 1]} << 16) | (std::uint32_t{p[at + 2]} << 8) | p[at + 3];
}

/// A BEP 15 tracker on 127.0.0.1 answering connect and announce (one peer), recording the
/// action and the source of every request.
class SmallTracker {
 public:
  explicit SmallTracker(asio::io_context& io) : socket_(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}

  [[nodiscard]] std::uint16_t port() const { return socket_.local_endpoint().port(); }
  [[nodiscard]] net::Endpoint endpoint() const { return net::from_asio(socket_.local_endpoint()); }
  [[nodiscard]] std::string url(const std::string& host = "127.0.0.1") const {
    return "udp://" + host + ":" + std::to_string(port()) + "/announce";
  }

  Task<void> serve() {
    Bytes buffer(2048);
    udp::endpoint from;
    while (true) {
      auto [ec, n] = co_await socket_.async_receive_from(asio::buffer(buffer), from, corrent::use_nothrow);
      if (ec) co_return;
      if (n < 16) continue;
      const Bytes request(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
      const std::uint32_t action = get32(request, 8);
      requests.push_back({action, net::from_asio(from)});
      Bytes out;
      put32(out, action);
      put32(out, get32(request, 12));
      if (action == 0) {
        put32(out, 0x01234567);
        put32(out, 0x89abcdef);
      } else {
        put32(out, 1800);
        put32(out, 0);
        put32(out, 1);
        out.insert(out.end(), {10, 0, 0, 1, 0x1a, 0xe1});
      }
      (void)co_await socket_.async_send_to(asio::buffer(out), from, corrent::use_nothrow);
    }
  }

  struct Request {
    std::uint32_t action;
    net::Endpoint from;
  };
  std::vector<Request> requests;

 private:
  udp::socket socket_;
};

tr::AnnounceRequest request() {
  tr::AnnounceRequest r;
  r.info_hash.bytes.fill(0x22);
  r.port = 6881;
  r.event = tr::AnnounceEvent::started;
  return r;
}

using Announced = tr::TrackerResult<tr::AnnounceResponse>;

Task<void> pause(std::chrono::milliseconds how_long) {
  corrent::Timer timer(co_await asio::this_coro::executor, how_long);
  (void)co_await timer.async_wait(corrent::use_nothrow);
}

// Announces `times` times, `gap` apart, and returns every result.
Task<std::vector<Announced>> announce(corrent::tracker_udp::UdpTracker& tracker, std::string url, int times,
                                      std::chrono::milliseconds gap) {
  std::vector<Announced> out;
  for (int i = 0; i < times; ++i) {
    if (i > 0) co_await pause(gap);
    auto result = co_await tracker.announce(url, request());
    out.push_back(std::move(result));
  }
  // Time for a stray datagram, if one went around the proxy, to reach the tracker.
  co_await pause(100ms);
  co_return out;
}

struct Fixture {
  asio::io_context io;
  FakeSocks5Relay relay{io};
  SmallTracker server{io};

  corrent::tracker_udp::UdpTracker make(std::chrono::milliseconds base = 200ms, std::uint32_t n = 1) {
    corrent::tracker_udp::UdpTrackerSettings s;
    s.retransmit = {base, n};
    s.proxy = *net::parse_proxy_url(relay.url());
    return corrent::tracker_udp::UdpTracker(io.get_executor(), s, nullptr);
  }

  std::vector<Announced> run(corrent::tracker_udp::UdpTracker& tracker, std::string url, int times = 1,
                             std::chrono::milliseconds gap = 0ms) {
    auto all = [](FakeSocks5Relay& r, SmallTracker& t, Task<std::vector<Announced>> c) -> Task<std::vector<Announced>> {
      auto result = co_await (r.serve() || t.serve() || std::move(c));
      co_return std::get<std::vector<Announced>>(std::move(result));
    };
    auto results = corrent::test::run_coro(io, all(relay, server, announce(tracker, std::move(url), times, gap)), 10s);
    corrent::test::run_coro(io, tracker.stop());
    return results;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(tracker_udp_proxy, Fixture)

BOOST_AUTO_TEST_CASE(announces_go_through_the_relay_and_their_replies_come_back) {
  auto tracker = make();
  const auto results = run(tracker, server.url(), 2);
  BOOST_REQUIRE(results.size() == 2u);
  for (const auto& r : results) {
    BOOST_REQUIRE_MESSAGE(r, (r ? "" : r.error().text()));
    BOOST_REQUIRE(r->peers.size() == 1u);
    BOOST_TEST(r->peers[0].to_string() == "10.0.0.1:6881");
  }
  // One association for both (the control connection was kept open), and the sender it
  // named is a real address and port: the relay takes datagrams from that one only.
  BOOST_TEST(relay.associations == 1);
  BOOST_REQUIRE(relay.expected_senders.size() == 1u);
  BOOST_TEST(relay.expected_senders[0].to_string().rfind("127.0.0.1:", 0) == 0u);
  BOOST_TEST(relay.expected_senders[0].port() != 0);
  // connect, announce, announce (the connection id reused), all from the relay's socket.
  BOOST_REQUIRE(server.requests.size() == 3u);
  BOOST_TEST(server.requests[0].action == 0u);
  BOOST_TEST(server.requests[1].action == 1u);
  BOOST_TEST(server.requests[2].action == 1u);
  for (const auto& q : server.requests) BOOST_TEST(q.from.to_string() == relay.relays.at(0).to_string());
  // Each datagram named the tracker by its address (ATYP 1).
  BOOST_REQUIRE(relay.targets.size() == 3u);
  for (const auto& t : relay.targets) BOOST_TEST((t == net::Socks5Target{server.endpoint()}));
}

BOOST_AUTO_TEST_CASE(a_tracker_name_goes_to_the_proxy_unresolved) {
  auto tracker = make();
  const auto results = run(tracker, server.url("localhost"));
  BOOST_REQUIRE(results.size() == 1u);
  BOOST_REQUIRE_MESSAGE(results[0], (results[0] ? "" : results[0].error().text()));
  BOOST_REQUIRE(!relay.targets.empty());
  for (const auto& t : relay.targets) {
    BOOST_TEST((t == net::Socks5Target{net::Socks5HostName{"localhost", server.port()}}));
  }
  for (const auto& q : server.requests) BOOST_TEST(q.from.to_string() == relay.relays.at(0).to_string());
}

BOOST_AUTO_TEST_CASE(a_datagram_from_another_source_than_the_relay_is_ignored) {
  // The first connect is answered, rightly shaped and with its transaction id, by a socket
  // that is not the relay: it must not count, so the connect is retransmitted after the
  // 200 ms base and only then reaches the tracker.
  relay.stranger_first = true;
  auto tracker = make(200ms, 1);
  const auto start = std::chrono::steady_clock::now();
  const auto results = run(tracker, server.url());
  BOOST_REQUIRE(results.size() == 1u);
  BOOST_REQUIRE_MESSAGE(results[0], (results[0] ? "" : results[0].error().text()));
  BOOST_TEST(relay.stranger_replies == 1);
  BOOST_REQUIRE(server.requests.size() == 2u);  // had the stranger counted: the announce only
  BOOST_TEST(server.requests[0].action == 0u);
  BOOST_TEST(server.requests[1].action == 1u);
  BOOST_TEST((std::chrono::steady_clock::now() - start >= 200ms));
}

BOOST_AUTO_TEST_CASE(a_proxy_without_udp_associate_fails_and_nothing_goes_direct) {
  relay.refuse_udp = true;
  auto tracker = make();
  const auto results = run(tracker, server.url(), 2);
  BOOST_REQUIRE(results.size() == 2u);
  for (const auto& r : results) {
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().code == net::socks5_errc::command_not_supported));
    BOOST_TEST_MESSAGE(r.error().text());
    BOOST_TEST(r.error().message.find(relay.address()) != std::string::npos);  // names the proxy
  }
  BOOST_TEST(relay.expected_senders.size() == 2u);  // each announce asked again
  BOOST_TEST(server.requests.empty());
  BOOST_TEST(relay.targets.empty());
}

BOOST_AUTO_TEST_CASE(a_new_association_after_the_proxy_closed_it) {
  // The relay ends the association after the connect and announce replies; the next
  // announce makes a new one and connects afresh (a new source for the tracker).
  relay.close_after_replies = 2;
  auto tracker = make();
  const auto results = run(tracker, server.url(), 2, 200ms);
  BOOST_REQUIRE(results.size() == 2u);
  for (const auto& r : results) BOOST_REQUIRE_MESSAGE(r, (r ? "" : r.error().text()));
  BOOST_TEST(relay.associations == 2);
  BOOST_REQUIRE(server.requests.size() == 4u);
  BOOST_TEST(server.requests[2].action == 0u);
  BOOST_TEST(server.requests[0].from.to_string() == relay.relays.at(0).to_string());
  BOOST_TEST(server.requests[3].from.to_string() == relay.relays.at(1).to_string());
}

BOOST_AUTO_TEST_CASE(the_proxy_key_is_checked_at_start_up) {
  corrent::Registry registry;
  corrent::plugins::register_tracker_udp(registry);
  auto good = corrent::Config::parse(R"({"tracker_udp": {"proxy": "socks5://127.0.0.1:1080"}})");
  BOOST_REQUIRE(good);
  auto set = corrent::build_plugins(registry, *good, io.get_executor());
  BOOST_REQUIRE_MESSAGE(set, (set ? "" : set.error().message()));
  corrent::test::run_coro(io, set->stop());
  for (const char* bad : {R"({"tracker_udp": {"proxy": "http://127.0.0.1:1080"}})",
                          R"({"tracker_udp": {"proxy": "socks5://"}})"}) {
    auto config = corrent::Config::parse(bad);
    BOOST_REQUIRE(config);
    BOOST_TEST(!corrent::build_plugins(registry, *config, io.get_executor()).has_value(), bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()
