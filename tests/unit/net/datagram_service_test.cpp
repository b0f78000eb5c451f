// DatagramService (issue 11, seam 2) over real loopback UDP, through public headers: each
// datagram goes to the first handler that claims it, replies leave from the shared socket,
// registrations end delivery, the send queue and sizes are bounded, sources are counted.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/datagram_service.hpp"
#include "corrent/net/error.hpp"
#include "corrent/net/limits.hpp"
#include "corrent/net/source_counters.hpp"
#include "corrent/net/task_group.hpp"
#include "plain_datagram_socket.hpp"
#include "support/run_coro.hpp"

using namespace std::chrono_literals;
using corrent::Task;
using corrent::net::Datagram;
using corrent::net::DatagramService;
using corrent::net::Endpoint;
using asio::ip::udp;

namespace {

const Endpoint kLoopbackAny = Endpoint::v4({127, 0, 0, 1}, 0);

std::string text_of(std::span<const std::uint8_t> bytes) { return {bytes.begin(), bytes.end()}; }

// Polls `done` every 2 ms for at most `limit`.
template <class Done>
Task<bool> within(std::chrono::milliseconds limit, Done done) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (auto waited = 0ms; waited < limit; waited += 2ms) {
    if (done()) co_return true;
    timer.expires_after(2ms);
    co_await timer.async_wait(corrent::use_nothrow);
  }
  co_return done();
}

// A plain UDP socket standing for a remote peer, tracker or DHT node.
struct Remote {
  explicit Remote(asio::io_context& io) : socket(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}
  void send(const std::string& text, const Endpoint& to) {
    socket.send_to(asio::buffer(text), corrent::net::to_udp(to));
  }
  Endpoint local() const { return corrent::net::from_asio(socket.local_endpoint()); }
  udp::socket socket;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(datagram_service)

BOOST_AUTO_TEST_CASE(each_datagram_goes_to_the_first_handler_that_claims_it) {
  asio::io_context io;
  DatagramService service(io.get_executor());
  const auto local = service.open(kLoopbackAny);
  BOOST_TEST_REQUIRE(local.has_value());
  std::vector<std::string> krpc, krpc_second, tracker;
  // Both claim a leading 'd': only the first registered sees those.
  auto a = service.add_handler("krpc", [&](const Datagram& d) {
    if (d.bytes.empty() || d.bytes[0] != 'd') return false;
    krpc.push_back(text_of(d.bytes));
    return true;
  });
  auto b = service.add_handler("krpc-too", [&](const Datagram& d) {
    if (d.bytes.empty() || d.bytes[0] != 'd') return false;
    krpc_second.push_back(text_of(d.bytes));
    return true;
  });
  auto c = service.add_handler("tracker", [&](const Datagram& d) {
    if (text_of(d.bytes).rfind("T", 0) != 0) return false;
    tracker.push_back(text_of(d.bytes));
    return true;
  });
  Remote remote(io);
  auto scenario = [&]() -> Task<void> {
    remote.send("d1:ad2:id20:e", *local);
    remote.send("T42", *local);
    remote.send("zzz", *local);  // nobody's
    const bool all = co_await within(2000ms, [&] { return service.counters().received == 3; });
    BOOST_TEST_REQUIRE(all);
    co_await service.stop();
  };
  corrent::test::run_coro(io, scenario(), 10s);
  BOOST_TEST(krpc == std::vector<std::string>{"d1:ad2:id20:e"});
  BOOST_TEST(krpc_second.empty());
  BOOST_TEST(tracker == std::vector<std::string>{"T42"});
  BOOST_TEST(service.counters().claimed == 2u);
  BOOST_TEST(service.counters().unclaimed == 1u);
}

BOOST_AUTO_TEST_CASE(a_reply_leaves_from_the_shared_socket_and_carries_the_source_count) {
  asio::io_context io;
  DatagramService service(io.get_executor());
  const auto local = service.open(kLoopbackAny);
  BOOST_TEST_REQUIRE(local.has_value());
  std::vector<std::uint32_t> counts;
  auto echo = service.add_handler("echo", [&](const Datagram& d) {
    counts.push_back(d.recent_from_source);
    BOOST_TEST((d.local == *local));
    const auto sent = service.send(d.from, d.bytes);
    BOOST_TEST(sent.has_value());
    return true;
  });
  Remote remote(io);
  auto scenario = [&]() -> Task<void> {
    for (int i = 0; i < 3; ++i) remote.send("ping" + std::to_string(i), *local);
    for (int i = 0; i < 3; ++i) {
      std::array<char, 64> buffer{};
      udp::endpoint from;
      auto [ec, n] = co_await remote.socket.async_receive_from(asio::buffer(buffer), from, corrent::use_nothrow);
      BOOST_TEST_REQUIRE(!ec);
      BOOST_TEST((corrent::net::from_asio(from) == *local));  // from the service's own port
      BOOST_TEST(std::string(buffer.data(), n) == "ping" + std::to_string(i));
    }
    BOOST_TEST(service.recent_from(remote.local()) == 3u);
    co_await service.stop();
  };
  corrent::test::run_coro(io, scenario(), 10s);
  BOOST_TEST(counts == (std::vector<std::uint32_t>{1, 2, 3}));
  BOOST_TEST(service.counters().sent == 3u);
}

BOOST_AUTO_TEST_CASE(a_reset_registration_gets_nothing_even_when_it_resets_itself_mid_offer) {
  asio::io_context io;
  DatagramService service(io.get_executor());
  const auto local = service.open(kLoopbackAny);
  BOOST_TEST_REQUIRE(local.has_value());
  int first = 0, second = 0, gone = 0;
  DatagramService::Registration second_reg;
  // The first handler drops the second while the first datagram is being offered.
  auto first_reg = service.add_handler("first", [&](const Datagram&) {
    ++first;
    second_reg.reset();
    return false;
  });
  second_reg = service.add_handler("second", [&](const Datagram&) {
    ++second;
    return true;
  });
  {
    auto scoped = service.add_handler("gone", [&](const Datagram&) {
      ++gone;
      return true;
    });
  }  // destroyed: removed
  Remote remote(io);
  auto scenario = [&]() -> Task<void> {
    remote.send("one", *local);
    remote.send("two", *local);
    const bool both = co_await within(2000ms, [&] { return service.counters().received == 2; });
    BOOST_TEST_REQUIRE(both);
    co_await service.stop();
  };
  corrent::test::run_coro(io, scenario(), 10s);
  BOOST_TEST(first == 2);
  BOOST_TEST(second == 0);
  BOOST_TEST(gone == 0);
  BOOST_TEST(!second_reg.active());
  BOOST_TEST(service.counters().unclaimed == 2u);
}

// A plugin built before the session opens its sockets (the DHT's bootstrap) waits for one
// of its family: woken by open(), not by a socket of the other family; false after stop().
BOOST_AUTO_TEST_CASE(wait_for_socket_returns_once_a_socket_of_that_family_opens) {
  asio::io_context io;
  DatagramService service(io.get_executor());
  const Endpoint v4_peer = Endpoint::v4({127, 0, 0, 1}, 9);
  const Endpoint v6_peer = Endpoint::v6({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 9);
  std::vector<std::string> order;
  auto waiter = [&](Endpoint like, std::string name) -> Task<void> {
    const bool open = co_await service.wait_for_socket(like);
    order.push_back(name + (open ? ":open" : ":closed"));
  };
  auto scenario = [&]() -> Task<void> {
    asio::steady_timer timer(co_await asio::this_coro::executor, 20ms);
    co_await timer.async_wait(corrent::use_nothrow);
    BOOST_TEST(order.empty());  // no socket yet: both still wait
    BOOST_TEST_REQUIRE(service.open(kLoopbackAny).has_value());
    const bool v4_woke = co_await within(2000ms, [&] { return order.size() == 1; });
    BOOST_TEST(v4_woke);
    timer.expires_after(20ms);
    co_await timer.async_wait(corrent::use_nothrow);
    BOOST_TEST(order.size() == 1u);  // an IPv4 socket does not wake the IPv6 waiter
    co_await service.stop();
    const bool v6_ended = co_await within(2000ms, [&] { return order.size() == 2; });
    BOOST_TEST(v6_ended);
    const bool after_stop = co_await service.wait_for_socket(v4_peer);
    BOOST_TEST(!after_stop);  // stopped: false at once
  };
  corrent::net::TaskGroup waiters(io.get_executor());
  waiters.spawn(waiter(v4_peer, "v4"));
  waiters.spawn(waiter(v6_peer, "v6"));
  corrent::test::run_coro(io, scenario());
  corrent::test::run_coro(io, waiters.stop());
  BOOST_TEST((order == std::vector<std::string>{"v4:open", "v6:closed"}));
}

BOOST_AUTO_TEST_CASE(send_refuses_what_it_cannot_queue_with_the_reason) {
  asio::io_context io;
  DatagramService service(io.get_executor());
  const Endpoint somewhere = Endpoint::v4({127, 0, 0, 1}, 9);
  const std::vector<std::uint8_t> small(16, 0x41);
  // No socket yet.
  BOOST_TEST((service.send(somewhere, small).error() == corrent::net::errc::no_datagram_socket));
  // A socket without try_send(): every datagram waits in the queue for the writer.
  auto udp = corrent::net::open_udp_socket(io.get_executor(), kLoopbackAny);
  BOOST_TEST_REQUIRE(udp.has_value());
  BOOST_TEST_REQUIRE(service.add_socket(std::make_unique<corrent::test::PlainDatagramSocket>(std::move(*udp))).has_value());
  // An IPv4 socket only: an IPv6 destination has none.
  BOOST_TEST((service.send(Endpoint::v6({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 9), small).error() ==
              corrent::net::errc::no_datagram_socket));
  BOOST_TEST(!service.can_send_to(Endpoint::v6({}, 9)));
  BOOST_TEST(service.can_send_to(somewhere));
  const std::vector<std::uint8_t> huge(corrent::net::kMaxDatagramSize + 1, 0);
  BOOST_TEST((service.send(somewhere, huge).error() == corrent::net::errc::datagram_too_large));
  const std::vector<std::uint8_t> largest(corrent::net::kMaxDatagramSize, 0);
  BOOST_TEST(service.send(somewhere, largest).has_value());
  // The executor has not run: nothing has left, so the queue fills at its bound.
  for (std::size_t i = 1; i < corrent::net::kMaxDatagramSendQueue; ++i) {
    BOOST_TEST_REQUIRE(service.send(somewhere, small).has_value());
  }
  BOOST_TEST((service.send(somewhere, small).error() == corrent::net::errc::send_queue_full));
  BOOST_TEST(service.counters().queue_full == 1u);
  auto scenario = [&]() -> Task<void> {
    const bool drained = co_await within(5000ms, [&] {
      return service.counters().sent + service.counters().send_errors == corrent::net::kMaxDatagramSendQueue;
    });
    BOOST_TEST(drained);
    BOOST_TEST(service.send(somewhere, small).has_value());  // room again
    co_await service.stop();
    BOOST_TEST((service.send(somewhere, small).error() == corrent::net::errc::datagram_closed));
    BOOST_TEST((service.open(kLoopbackAny).error() == corrent::net::errc::datagram_closed));
  };
  corrent::test::run_coro(io, scenario(), 10s);
}

BOOST_AUTO_TEST_CASE(source_counts_restart_each_window_and_memory_stays_bounded) {
  using Clock = corrent::Clock;
  corrent::net::SourceCounters counters(10s, 3);
  const auto t0 = Clock::time_point{} + 1h;
  const Endpoint a = Endpoint::v4({10, 0, 0, 1}, 1000);
  BOOST_TEST(counters.record(a, t0) == 1u);
  BOOST_TEST(counters.record(a.with_port(2000), t0 + 1s) == 2u);  // the port does not matter
  BOOST_TEST(counters.count(a, t0 + 9s) == 2u);
  BOOST_TEST(counters.count(a, t0 + 10s) == 0u);  // window over
  BOOST_TEST(counters.record(a, t0 + 10s) == 1u);  // a new window
  counters.record(Endpoint::v4({10, 0, 0, 2}, 1), t0 + 10s);
  counters.record(Endpoint::v4({10, 0, 0, 3}, 1), t0 + 10s);
  BOOST_TEST(counters.size() == 3u);
  // Full of current windows: a fourth source resets the table rather than grow it.
  BOOST_TEST(counters.record(Endpoint::v4({10, 0, 0, 4}, 1), t0 + 11s) == 1u);
  BOOST_TEST(counters.size() == 1u);
  BOOST_TEST(counters.resets() == 1u);
  BOOST_TEST(counters.count(a, t0 + 11s) == 0u);
  // Full again, but with ended windows: those go, the current ones stay.
  counters.record(Endpoint::v4({10, 0, 0, 5}, 1), t0 + 15s);
  counters.record(Endpoint::v4({10, 0, 0, 6}, 1), t0 + 15s);
  counters.record(Endpoint::v4({10, 0, 0, 7}, 1), t0 + 22s);  // 10.0.0.4's window has ended
  BOOST_TEST(counters.size() == 3u);
  BOOST_TEST(counters.resets() == 1u);
  BOOST_TEST(counters.count(Endpoint::v4({10, 0, 0, 5}, 1), t0 + 22s) == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
