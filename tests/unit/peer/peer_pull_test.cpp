// PeerConnection, pull-style (rbit's `conn.receive()`): every message in order with bytes
// of its own, back-pressure without loss, send() before any receive(), the end reported.
#include <boost/test/unit_test.hpp>

#include <numeric>

#include "corrent/net/task_group.hpp"
#include "corrent/wire/limits.hpp"
#include "corrent/wire/received_message.hpp"
#include "peer_fixture.hpp"

using namespace peer_test;

namespace {

// Receives on `conn` until a message that is not the extension handshake (Extended id 0,
// which both sides send first when both speak BEP 10).
wire::ReceivedMessage next_core(asio::io_context& io, wire::PeerConnection& conn) {
  for (int i = 0; i < 4; ++i) {
    auto received = run_coro(io, conn.receive(), 3000ms);
    BOOST_REQUIRE_MESSAGE(received, (received ? std::string() : received.error().message()));
    const auto* ext = received->get_if<wire::Extended>();
    if (ext == nullptr || ext->id != 0) return std::move(*received);
  }
  BOOST_FAIL("only extension handshakes arrived");
  return wire::ReceivedMessage(wire::KeepAlive{});
}

Connected pulled_pair(asio::io_context& io) {
  auto [sa, sb] = PipeStream::make_pair(io.get_executor());
  auto both = run_coro(io, connect_both(std::move(sa), std::move(sb), quick_settings(), quick_settings()));
  BOOST_REQUIRE_MESSAGE(both, (both ? std::string() : both.error().message()));
  both->a->start_receiving();
  both->b->start_receiving();
  return std::move(*both);
}

void shut_both(asio::io_context& io, Connected& both) {
  run_coro(io, both.a->shutdown());
  run_coro(io, both.b->shutdown());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(peer_pull)

BOOST_AUTO_TEST_CASE(messages_arrive_in_order_and_own_their_bytes) {
  asio::io_context io;
  auto both = pulled_pair(io);
  std::vector<std::byte> block(wire::kBlockSize);
  for (std::size_t i = 0; i < block.size(); ++i) block[i] = static_cast<std::byte>(i * 7);
  const std::vector<std::byte> bits{std::byte{0xF8}};  // 5 pieces, all present
  // Sent before b ever called receive(): start_receiving() runs the writer already.
  BOOST_REQUIRE(run_coro(io, both.b->send(wire::Unchoke{})));
  BOOST_REQUIRE(run_coro(io, both.b->send(wire::Bitfield{bits})));
  BOOST_REQUIRE(run_coro(io, both.b->send(wire::Have{PieceIndex{3}})));
  BOOST_REQUIRE(run_coro(io, both.b->send(wire::Piece{PieceIndex{1}, 16384, block})));

  BOOST_TEST(next_core(io, *both.a).is<wire::Unchoke>());
  BOOST_TEST(!both.a->peer_choking());  // the flags follow, as with run()
  auto bitfield = next_core(io, *both.a);
  auto have = next_core(io, *both.a);
  auto piece = next_core(io, *both.a);
  BOOST_REQUIRE(bitfield.is<wire::Bitfield>());
  BOOST_TEST((bitfield.get_if<wire::Bitfield>()->bits.size() == 1u));
  BOOST_TEST((bitfield.get_if<wire::Bitfield>()->bits[0] == std::byte{0xF8}));
  BOOST_REQUIRE(have.is<wire::Have>());
  BOOST_TEST(have.get_if<wire::Have>()->piece.value == 3u);
  BOOST_REQUIRE(piece.is<wire::Piece>());
  const auto* got = piece.get_if<wire::Piece>();
  BOOST_TEST(got->piece.value == 1u);
  BOOST_TEST(got->begin == 16384u);
  // Still the block after later reads reused the receive buffer, and after a move.
  BOOST_REQUIRE(run_coro(io, both.b->send(wire::Piece{PieceIndex{2}, 0, std::vector<std::byte>(100)})));
  auto later = next_core(io, *both.a);
  BOOST_TEST(later.is<wire::Piece>());
  auto moved = std::move(piece);
  BOOST_TEST(std::ranges::equal(moved.get_if<wire::Piece>()->block, block));
  shut_both(io, both);
}

BOOST_AUTO_TEST_CASE(a_slow_reader_loses_nothing) {
  asio::io_context io;
  auto both = pulled_pair(io);
  // Far more than the inbox holds: the reader stops, b's queue fills, b's sends wait.
  constexpr std::uint32_t kCount = 4 * wire::kMaxInboxMessages + 17;
  bool sent_all = false;
  corrent::net::TaskGroup sender(io.get_executor());
  sender.spawn([](wire::PeerConnection* b, bool* done) -> Task<void> {
    for (std::uint32_t i = 0; i < kCount; ++i) {
      const auto sent = co_await b->send(wire::Suggest{PieceIndex{i % 5}});
      if (!sent) co_return;
    }
    *done = true;
  }(both.b.get(), &sent_all));
  run_until(io, [&] { return sent_all; }, 300ms);
  for (std::uint32_t i = 0; i < kCount; ++i) {
    auto m = next_core(io, *both.a);
    BOOST_REQUIRE(m.is<wire::Suggest>());
    BOOST_REQUIRE(m.get_if<wire::Suggest>()->piece.value == i % 5);
  }
  BOOST_TEST(run_until(io, [&] { return sent_all; }));
  run_coro(io, sender.stop());
  shut_both(io, both);
}

BOOST_AUTO_TEST_CASE(the_end_is_reported_after_the_last_message) {
  asio::io_context io;
  auto both = pulled_pair(io);
  BOOST_REQUIRE(run_coro(io, both.b->send(wire::Interested{})));
  BOOST_REQUIRE(run_until(io, [&] { return both.a->peer_interested(); }));
  run_coro(io, both.b->shutdown());
  // What arrived before the end is still there, then the reason.
  BOOST_TEST(next_core(io, *both.a).is<wire::Interested>());
  auto end = run_coro(io, both.a->receive(), 3000ms);
  BOOST_REQUIRE(!end);
  BOOST_TEST(end.error() != std::error_code());
  // And again: a receive() after the end keeps saying so.
  BOOST_TEST(!run_coro(io, both.a->receive(), 3000ms));
  run_coro(io, both.a->shutdown());
  // Our own shutdown: closed by us.
  auto [sa, sb] = PipeStream::make_pair(io.get_executor());
  auto pair = run_coro(io, connect_both(std::move(sa), std::move(sb), quick_settings(), quick_settings()));
  BOOST_REQUIRE(pair);
  pair->a->start_receiving();
  run_coro(io, pair->a->shutdown());
  run_coro(io, pair->a->shutdown());  // twice is fine
  bool closed_by_us = false;
  for (int i = 0; i < 4; ++i) {
    auto r = run_coro(io, pair->a->receive(), 3000ms);
    if (!r) {
      closed_by_us = r.error() == std::error_code(wire::peer_errc::closed_by_us);
      break;
    }
  }
  BOOST_TEST(closed_by_us);
}

BOOST_AUTO_TEST_SUITE_END()
