// Hostile peers over real TCP on 127.0.0.1: each kind of misbehaviour closes only its own
// connection, with the reason in the event stream, while a well-behaved connection to the
// same listener keeps exchanging messages.
#include <boost/test/unit_test.hpp>

#include "corrent/events/event_bus.hpp"
#include "corrent/net/task_group.hpp"
#include "tcp_transport.hpp"
#include "unit/peer/peer_fixture.hpp"

using namespace peer_test;
using corrent::net::Endpoint;
using corrent::net::TaskGroup;

namespace {

// The listening side: accepts, handshakes (torrent 0xAB only), runs each connection.
struct Server {
  explicit Server(asio::io_context& io) : bus(io.get_executor()), events(bus.stream()) {}
  corrent::events::EventBus bus;
  corrent::events::EventStream events;
  std::vector<std::unique_ptr<RecordingHandler>> handlers;
  wire::PeerSettings settings() {
    auto s = quick_settings("server");
    s.handshake_timeout = 1500ms;
    s.inactivity_timeout = 3000ms;
    s.keep_alive_interval = 500ms;
    s.events = &bus;
    return s;
  }
};

Task<void> serve_one(std::unique_ptr<corrent::net::Stream> stream, Server* server) {
  const wire::TorrentLookup lookup = [](const corrent::metainfo::InfoHash& h) {
    return h == info_hash(0xAB) ? std::optional<wire::TorrentMatch>(wire::TorrentMatch{shape()})
                                : std::nullopt;
  };
  auto conn = co_await wire::PeerConnection::accept(std::move(stream), {all_bits(), peer_id('S')},
                                                    lookup, server->settings());
  if (!conn) co_return;  // reported as PeerClosed
  server->handlers.push_back(std::make_unique<RecordingHandler>());
  auto* handler = server->handlers.back().get();
  (void)co_await (*conn)->run(*handler);
}

Task<void> accept_loop(corrent::net::Listener* listener, TaskGroup* group, Server* server) {
  for (;;) {
    auto stream = co_await listener->accept();
    if (!stream) co_return;
    group->spawn(serve_one(std::move(*stream), server));
  }
}

// The next PeerClosed about `who` (other events are skipped), within a few seconds.
Task<Result<corrent::events::PeerClosed>> closed_event(corrent::events::EventStream* events,
                                                       Endpoint who) {
  for (;;) {
    CORRENT_CO_TRY(auto e, co_await corrent::net::with_timeout(events->next(), 6000ms));
    const auto* closed = std::get_if<corrent::events::PeerClosed>(&e);
    if (closed != nullptr && closed->endpoint == who) co_return *closed;
  }
}

std::vector<std::byte> our_handshake(std::uint8_t hash = 0xAB) {
  const auto h = wire::encode_handshake(handshake('H', hash));
  return {h.begin(), h.end()};
}

std::vector<std::byte> operator+(std::vector<std::byte> a, const std::vector<std::byte>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

struct Scenario {
  std::string name;
  std::vector<std::byte> bytes;
  std::error_code reason;
  bool drip = false;
};

std::vector<Scenario> scenarios() {
  const std::array<std::byte, 3> three_bytes{};
  std::vector<std::byte> oversize{std::byte{0x00}, std::byte{0x20}, std::byte{0x00}, std::byte{0x01}};
  // A REQUEST (id 6) whose body is 3 bytes instead of 13: bytes no codec accepts.
  std::vector<std::byte> garbage{std::byte{0}, std::byte{0}, std::byte{0}, std::byte{4},
                                 std::byte{6}, std::byte{0xDE}, std::byte{0xAD}, std::byte{0xBE}};
  return {
      {"oversize length prefix", our_handshake() + oversize, wire::errc::message_too_long},
      {"1 MiB request", our_handshake() + encoded(wire::Request{PieceIndex{0}, 0, 1024 * 1024}),
       wire::errc::request_too_large},
      {"wrong-size bitfield", our_handshake() + encoded(wire::Bitfield{three_bytes}),
       wire::errc::bitfield_wrong_size},
      {"garbage after the handshake", our_handshake() + garbage, wire::errc::bad_message_length},
      {"wrong info-hash", our_handshake(0x11), wire::peer_errc::unknown_info_hash},
      {"one byte per second", our_handshake(), wire::peer_errc::handshake_timeout, true},
  };
}

// Writes the scenario's bytes (one per second when dripping) until the server hangs up.
Task<void> misbehave(corrent::net::Stream* stream, std::vector<std::byte> bytes, bool drip) {
  if (!drip) {
    (void)co_await stream->write_all(bytes);
    co_return;
  }
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (const std::byte b : bytes) {
    if (!co_await stream->write_all(std::span(&b, 1))) co_return;
    timer.expires_after(1s);
    if (auto [ec] = co_await timer.async_wait(corrent::use_nothrow); ec) co_return;
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile_peer)

BOOST_AUTO_TEST_CASE(each_misbehaviour_closes_only_its_connection) {
  asio::io_context io;
  corrent::transport_tcp::TcpTransport transport(io.get_executor(), {});
  auto listener = transport.listen(Endpoint::v4({127, 0, 0, 1}, 0));
  BOOST_REQUIRE(listener);
  const auto at = (*listener)->local_endpoints().at(0);
  Server server(io);
  TaskGroup group(io.get_executor());
  group.spawn(accept_loop(listener->get(), &group, &server));

  // The well-behaved peer: a PeerConnection that stays up throughout.
  auto good_stream = run_coro(io, transport.connect(at, 2000ms));
  BOOST_REQUIRE(good_stream);
  auto good_settings = quick_settings("good");
  good_settings.keep_alive_interval = 500ms;
  auto good = run_coro(io, wire::PeerConnection::connect(std::move(*good_stream), handshake('G'),
                                                          shape(), good_settings));
  BOOST_REQUIRE(good);
  RecordingHandler good_handler;
  std::optional<std::error_code> good_end;
  group.spawn(run_to_end(good->get(), &good_handler, {}, &good_end));
  BOOST_REQUIRE(run_until(io, [&] { return server.handlers.size() == 1; }));

  std::uint32_t have = 0;
  for (const auto& s : scenarios()) {
    BOOST_TEST_CONTEXT(s.name) {
      auto raw = run_coro(io, transport.connect(at, 2000ms));
      BOOST_REQUIRE(raw);
      TaskGroup writer(io.get_executor());
      writer.spawn(misbehave(raw->get(), s.bytes, s.drip));
      auto closed = run_coro(io, closed_event(&server.events, (*raw)->local()), 8s);
      BOOST_REQUIRE_MESSAGE(closed, (closed ? std::string() : closed.error().message()));
      BOOST_TEST(closed->reason == s.reason, closed->reason.message());
      BOOST_TEST(!closed->detail.empty());
      run_coro(io, writer.stop());
      // The good connection is unaffected: it still exchanges messages.
      BOOST_REQUIRE(run_coro(io, (*good)->send(wire::Have{PieceIndex{have % 5}})));
      const auto expected = "have " + std::to_string(have % 5);
      BOOST_REQUIRE(run_until(io, [&] {
        return std::count(server.handlers[0]->log.begin(), server.handlers[0]->log.end(), expected) ==
               static_cast<std::ptrdiff_t>(have / 5 + 1);
      }));
      ++have;
      BOOST_TEST(!good_end.has_value());
    }
  }
  (*listener)->close();
  (*good)->close();
  BOOST_REQUIRE(run_until(io, [&] { return good_end.has_value(); }));
  run_coro(io, group.stop());
}

BOOST_AUTO_TEST_SUITE_END()
