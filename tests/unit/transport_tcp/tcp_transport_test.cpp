// transport_tcp over loopback (127.0.0.1 and ::1, ephemeral ports only).
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <string>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "corrent/net/error.hpp"
#include "corrent/net/task_group.hpp"
#include "support/run_coro.hpp"
#include "tcp_listener.hpp"
#include "tcp_transport.hpp"

namespace {

using namespace std::chrono_literals;
using corrent::Result;
using corrent::Task;
using corrent::net::Endpoint;
using corrent::net::Stream;
using corrent::test::run_coro;
using corrent::transport_tcp::TcpSettings;
using corrent::transport_tcp::TcpTransport;
using StreamPtr = std::unique_ptr<Stream>;

constexpr Endpoint::V6Bytes kLoopbackV6Bytes() { return {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}; }
const Endpoint kAnyV6 = Endpoint::v6({}, 0);
const Endpoint kLoopbackV4 = Endpoint::v4({127, 0, 0, 1}, 0);
const Endpoint kLoopbackV6 = Endpoint::v6(kLoopbackV6Bytes(), 0);

// `e`'s address (a loopback one) with `port`.
Endpoint with_port(Endpoint e, std::uint16_t port) {
  return e.is_v4() ? Endpoint::v4({127, 0, 0, 1}, port) : Endpoint::v6(kLoopbackV6Bytes(), port);
}

// Connects to `to` while accepting on `listener`; both ends, or the first error.
Task<Result<std::pair<StreamPtr, StreamPtr>>> connect_pair(TcpTransport& transport,
                                                           corrent::net::Listener& listener,
                                                           Endpoint to) {
  using asio::experimental::awaitable_operators::operator&&;
  auto [out, in] = co_await (transport.connect(to, 2000ms) && listener.accept());
  if (!out) co_return tl::make_unexpected(out.error());
  if (!in) co_return tl::make_unexpected(in.error());
  co_return std::make_pair(std::move(*out), std::move(*in));
}

std::span<const std::byte> bytes_of(const std::string& s) { return std::as_bytes(std::span(s)); }

// A listener on 127.0.0.1 and a connection to it: both ends of the connection.
struct LoopbackPair {
  std::unique_ptr<corrent::net::Listener> listener;
  StreamPtr client;
  StreamPtr server;
};

LoopbackPair loopback_pair(asio::io_context& io, TcpTransport& transport) {
  auto listener = transport.listen(kLoopbackV4);
  BOOST_REQUIRE(listener);
  const auto port = (*listener)->local_endpoints().at(0).port();
  auto ends = run_coro(io, connect_pair(transport, **listener, with_port(kLoopbackV4, port)));
  BOOST_REQUIRE(ends);
  return {std::move(*listener), std::move(ends->first), std::move(ends->second)};
}

// Writes on one end, reads it back on the other.
void exchange(asio::io_context& io, Stream& from, Stream& to, const std::string& text) {
  BOOST_REQUIRE(run_coro(io, from.write_all(bytes_of(text))));
  std::string got;
  std::array<std::byte, 256> buf{};
  while (got.size() < text.size()) {
    auto n = run_coro(io, to.read_some(buf));
    BOOST_REQUIRE_MESSAGE(n, (n ? std::string() : n.error().message()));
    for (std::size_t i = 0; i < *n; ++i) got.push_back(static_cast<char>(buf[i]));
  }
  BOOST_TEST(got == text);
}

// A listener that never accepts, with the smallest backlog, filled until connects to it
// hang: on Linux a full accept queue drops SYNs, so connects time out deterministically.
struct Blackhole {
  explicit Blackhole(asio::io_context& io) : acceptor(io) {
    const asio::ip::tcp::endpoint at(asio::ip::make_address("127.0.0.1"), 0);
    acceptor.open(at.protocol());
    acceptor.bind(at);
    acceptor.listen(0);
    endpoint = Endpoint::v4({127, 0, 0, 1}, acceptor.local_endpoint().port());
  }
  asio::ip::tcp::acceptor acceptor;
  Endpoint endpoint;
  std::vector<StreamPtr> fillers;
};

// Fills `hole`'s queue; returns the connect attempts it took until one timed out.
int fill(asio::io_context& io, TcpTransport& transport, Blackhole& hole) {
  for (int attempt = 1; attempt <= 8; ++attempt) {
    auto s = run_coro(io, transport.connect(hole.endpoint, 300ms));
    if (!s) {
      BOOST_TEST(s.error() == std::error_code(corrent::net::errc::timed_out));
      return attempt;
    }
    hole.fillers.push_back(std::move(*s));
  }
  BOOST_FAIL("connects to a full backlog never timed out");
  return 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transport_tcp)

BOOST_AUTO_TEST_CASE(dual_stack_listener_accepts_ipv4_and_ipv6) {
  asio::io_context io;
  TcpTransport transport(io.get_executor(), TcpSettings{});
  BOOST_TEST(transport.scheme() == "tcp");
  auto listener = transport.listen(kAnyV6);
  BOOST_REQUIRE_MESSAGE(listener, (listener ? std::string() : listener.error().message()));
  const auto bound = (*listener)->local_endpoints();
  BOOST_REQUIRE(bound.size() == 1u);
  BOOST_TEST(bound[0].port() != 0);
  for (const Endpoint& to : {with_port(kLoopbackV4, bound[0].port()), with_port(kLoopbackV6, bound[0].port())}) {
    auto ends = run_coro(io, connect_pair(transport, **listener, to));
    BOOST_REQUIRE_MESSAGE(ends, (ends ? std::string() : ends.error().message()));
    BOOST_TEST((ends->first->remote().port() == bound[0].port()));
    BOOST_TEST((ends->first->local().port() == ends->second->remote().port()));
    exchange(io, *ends->first, *ends->second, "ping from " + to.to_string());
    exchange(io, *ends->second, *ends->first, "pong");
  }
}

BOOST_AUTO_TEST_CASE(separate_sockets_when_dual_stack_is_off) {
  asio::io_context io;
  TcpSettings settings;
  settings.dual_stack_socket = false;
  TcpTransport transport(io.get_executor(), settings);
  auto listener = transport.listen(kAnyV6);
  BOOST_REQUIRE_MESSAGE(listener, (listener ? std::string() : listener.error().message()));
  const auto bound = (*listener)->local_endpoints();
  BOOST_REQUIRE(bound.size() == 2u);
  BOOST_TEST(bound[0].port() == bound[1].port());
  for (const Endpoint& to : {with_port(kLoopbackV6, bound[0].port()), with_port(kLoopbackV4, bound[0].port())}) {
    auto ends = run_coro(io, connect_pair(transport, **listener, to));
    BOOST_REQUIRE_MESSAGE(ends, (ends ? std::string() : ends.error().message()));
    exchange(io, *ends->first, *ends->second, "over " + to.to_string());
  }
}

BOOST_AUTO_TEST_CASE(ipv4_only_listener_and_eof_on_close) {
  asio::io_context io;
  TcpTransport transport(io.get_executor(), TcpSettings{});
  auto pair = loopback_pair(io, transport);
  exchange(io, *pair.client, *pair.server, "last words");
  pair.client->close();
  std::array<std::byte, 8> buf{};
  auto eof = run_coro(io, pair.server->read_some(buf));
  BOOST_REQUIRE(!eof);
  BOOST_TEST(eof.error() == asio::error::eof);
}

BOOST_AUTO_TEST_CASE(close_while_a_read_is_pending_aborts_it) {
  asio::io_context io;
  TcpTransport transport(io.get_executor(), TcpSettings{});
  auto pair = loopback_pair(io, transport);
  std::optional<Result<std::size_t>> pending;
  std::array<std::byte, 8> buf{};
  corrent::net::TaskGroup group(io.get_executor());
  group.spawn([](Stream* s, std::span<std::byte> b, std::optional<Result<std::size_t>>* out) -> Task<void> {
    *out = co_await s->read_some(b);
  }(pair.server.get(), buf, &pending));
  io.restart();
  io.run_for(20ms);
  BOOST_TEST(!pending.has_value());
  pair.server->close();
  io.restart();
  io.run_for(20ms);
  BOOST_REQUIRE(pending.has_value());
  BOOST_TEST(pending->error() == asio::error::operation_aborted);
  auto again = run_coro(io, pair.server->read_some(buf));
  BOOST_TEST(!again);
  run_coro(io, group.stop());
}

BOOST_AUTO_TEST_CASE(connect_times_out_against_a_full_backlog) {
  asio::io_context io;
  TcpTransport transport(io.get_executor(), TcpSettings{});
  Blackhole hole(io);
  const auto start = std::chrono::steady_clock::now();
  fill(io, transport, hole);
  const auto took = std::chrono::steady_clock::now() - start;
  BOOST_TEST((took < 4s));
  BOOST_TEST(transport.half_open() == 0u);
  // The settings bound a connect too: 50 ms, whatever the caller allows.
  TcpSettings quick;
  quick.connect_timeout = 50ms;
  TcpTransport impatient(io.get_executor(), quick);
  const auto before = std::chrono::steady_clock::now();
  auto r = run_coro(io, impatient.connect(hole.endpoint, 10s));
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error() == std::error_code(corrent::net::errc::timed_out));
  BOOST_TEST((std::chrono::steady_clock::now() - before < 1s));
}

BOOST_AUTO_TEST_CASE(connect_to_a_closed_port_is_refused) {
  asio::io_context io;
  TcpTransport transport(io.get_executor(), TcpSettings{});
  std::uint16_t port = 0;
  {
    auto listener = transport.listen(kLoopbackV4);
    BOOST_REQUIRE(listener);
    port = (*listener)->local_endpoints().at(0).port();
  }
  auto r = run_coro(io, transport.connect(with_port(kLoopbackV4, port), 2s));
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error() == asio::error::connection_refused);
}

BOOST_AUTO_TEST_CASE(half_open_connects_are_bounded) {
  asio::io_context io;
  TcpSettings settings;
  settings.max_half_open = 2;
  TcpTransport transport(io.get_executor(), settings);
  Blackhole hole(io);
  fill(io, transport, hole);  // now every connect to the hole hangs
  auto listener = transport.listen(kLoopbackV4);
  BOOST_REQUIRE(listener);
  const auto good = with_port(kLoopbackV4, (*listener)->local_endpoints().at(0).port());

  corrent::net::TaskGroup group(io.get_executor());
  const auto hang = [](TcpTransport* t, Endpoint to) -> Task<void> {
    (void)co_await t->connect(to, 1500ms);
  };
  group.spawn(hang(&transport, hole.endpoint));
  io.restart();
  io.run_for(20ms);
  BOOST_TEST(transport.half_open() == 1u);
  // At the bound (1 of 2 slots used): a connect gets the second slot.
  auto at_limit = run_coro(io, connect_pair(transport, **listener, good));
  BOOST_TEST(at_limit.has_value());
  group.spawn(hang(&transport, hole.endpoint));
  io.restart();
  io.run_for(20ms);
  BOOST_TEST(transport.half_open() == 2u);
  // One past it: the connect waits for a slot, and its timeout runs out while it waits,
  // although the address listens.
  auto past = run_coro(io, transport.connect(good, 200ms));
  BOOST_REQUIRE(!past);
  BOOST_TEST(past.error() == std::error_code(corrent::net::errc::timed_out));
  BOOST_TEST(transport.half_open() == 2u);
  // Once a slot frees (the hanging connects time out), a waiting connect proceeds.
  auto later = run_coro(io, connect_pair(transport, **listener, good), 5s);
  BOOST_TEST(later.has_value());
  run_coro(io, group.stop());
  BOOST_TEST(transport.half_open() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
