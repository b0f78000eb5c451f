// PeerConnection over the in-memory PipeStream: handshakes, flags, timers, close.
#include <boost/test/unit_test.hpp>

#include "corrent/events/event_bus.hpp"
#include "corrent/net/task_group.hpp"
#include "peer_fixture.hpp"

using namespace peer_test;
using corrent::net::TaskGroup;

BOOST_AUTO_TEST_SUITE(peer_connection)

BOOST_AUTO_TEST_CASE(handshake_both_ways) {
  asio::io_context io;
  auto [sa, sb] = PipeStream::make_pair(io.get_executor());
  auto both = run_coro(io, connect_both(std::move(sa), std::move(sb), quick_settings(), quick_settings()));
  BOOST_REQUIRE_MESSAGE(both, (both ? std::string() : both.error().message()));
  BOOST_TEST((both->a->peer_handshake().peer_id == peer_id('B')));
  BOOST_TEST((both->b->peer_handshake().peer_id == peer_id('A')));
  BOOST_TEST((both->b->peer_handshake().info_hash == info_hash(0xAB)));
  BOOST_TEST((both->b->our_handshake().info_hash == info_hash(0xAB)));
  BOOST_TEST(both->a->fast_enabled());
  BOOST_TEST(both->a->extensions_enabled());
  BOOST_TEST(both->b->peer_handshake().reserved.dht());
  BOOST_TEST(!both->a->incoming());
  BOOST_TEST(both->b->incoming());
  // The four flags start as BEP 3 says: choked and not interested, both ways.
  BOOST_TEST(both->a->am_choking());
  BOOST_TEST(!both->a->am_interested());
  BOOST_TEST(both->a->peer_choking());
  BOOST_TEST(!both->a->peer_interested());
}

BOOST_AUTO_TEST_CASE(fast_and_extension_bits_need_both_sides) {
  asio::io_context io;
  auto [sa, raw] = PipeStream::make_pair(io.get_executor());
  std::optional<Result<wire::PeerConnection::Ptr>> conn;
  TaskGroup group(io.get_executor());
  group.spawn([](std::unique_ptr<PipeStream> s, std::optional<Result<wire::PeerConnection::Ptr>>* out) -> Task<void> {
    *out = co_await wire::PeerConnection::connect(std::move(s), handshake('A'), shape(), quick_settings());
  }(std::move(sa), &conn));
  auto theirs = handshake('B');
  theirs.reserved = wire::Reserved{};
  theirs.reserved.set_fast(true);
  BOOST_REQUIRE(run_coro(io, raw->write_all(wire::encode_handshake(theirs))));
  BOOST_REQUIRE(run_until(io, [&] { return conn.has_value(); }));
  BOOST_REQUIRE(*conn);
  BOOST_TEST((**conn)->fast_enabled());
  BOOST_TEST(!(**conn)->extensions_enabled());
  run_coro(io, group.stop());
}

BOOST_AUTO_TEST_CASE(incoming_with_an_unknown_info_hash_is_refused_before_the_peer_id) {
  asio::io_context io;
  corrent::events::EventBus bus(io.get_executor());
  auto events = bus.stream();
  auto [raw, sb] = PipeStream::make_pair(io.get_executor());
  // Only the first 48 bytes: the info-hash must decide without the peer id.
  const auto bytes = wire::encode_handshake(handshake('A', 0x11));
  BOOST_REQUIRE(run_coro(io, raw->write_all(std::span(bytes).first(wire::kHandshakeHeadLength))));
  auto settings = quick_settings();
  settings.events = &bus;
  bool asked = false;
  auto r = run_coro(io, wire::PeerConnection::accept(
                            std::move(sb), {all_bits(), peer_id('B')},
                            [&](const corrent::metainfo::InfoHash& h) -> std::optional<wire::TorrentMatch> {
                              asked = h == info_hash(0x11);
                              return std::nullopt;
                            },
                            settings));
  BOOST_REQUIRE(!r);
  BOOST_TEST(asked);
  BOOST_TEST(r.error() == std::error_code(wire::peer_errc::unknown_info_hash));
  // We never answered with our handshake: the raw side sees EOF at once.
  BOOST_TEST(drain(io, *raw, 100ms).empty());
  BOOST_TEST(raw->peer_closed());
  auto e = run_coro(io, events.next());
  BOOST_REQUIRE(e);
  BOOST_TEST(std::get<corrent::events::PeerClosed>(*e).reason ==
             std::error_code(wire::peer_errc::unknown_info_hash));
}

BOOST_AUTO_TEST_CASE(outgoing_answered_with_another_info_hash_fails_before_the_peer_id) {
  asio::io_context io;
  auto [sa, raw] = PipeStream::make_pair(io.get_executor());
  const auto bytes = wire::encode_handshake(handshake('B', 0x22));
  BOOST_REQUIRE(run_coro(io, raw->write_all(std::span(bytes).first(wire::kHandshakeHeadLength))));
  auto r = run_coro(io, wire::PeerConnection::connect(std::move(sa), handshake('A'), shape(), quick_settings()));
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error() == std::error_code(wire::peer_errc::info_hash_mismatch));
}

BOOST_AUTO_TEST_CASE(a_silent_handshake_times_out) {
  asio::io_context io;
  auto [sa, raw] = PipeStream::make_pair(io.get_executor());
  auto settings = quick_settings();
  settings.handshake_timeout = 100ms;
  const auto start = std::chrono::steady_clock::now();
  auto r = run_coro(io, wire::PeerConnection::connect(std::move(sa), handshake('A'), shape(), settings));
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error() == std::error_code(wire::peer_errc::handshake_timeout));
  BOOST_TEST((std::chrono::steady_clock::now() - start < 1s));
}

BOOST_AUTO_TEST_CASE(connecting_to_ourselves_is_refused) {
  asio::io_context io;
  auto [sa, raw] = PipeStream::make_pair(io.get_executor());
  BOOST_REQUIRE(run_coro(io, raw->write_all(wire::encode_handshake(handshake('A')))));
  auto r = run_coro(io, wire::PeerConnection::connect(std::move(sa), handshake('A'), shape(), quick_settings()));
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error() == std::error_code(wire::peer_errc::self_connection));
}

BOOST_AUTO_TEST_CASE(messages_flags_and_graceful_close) {
  asio::io_context io;
  corrent::events::EventBus bus(io.get_executor());
  std::vector<corrent::events::Event> seen;
  auto sub = bus.subscribe([&](const corrent::events::Event& e) { seen.push_back(e); });
  auto [sa, sb] = PipeStream::make_pair(io.get_executor());
  auto sa_settings = quick_settings("client-A 1.0");
  sa_settings.events = &bus;
  auto both = run_coro(io, connect_both(std::move(sa), std::move(sb), sa_settings, quick_settings("client-B 2.0")));
  BOOST_REQUIRE(both);
  auto& a = *both->a;
  auto& b = *both->b;
  RecordingHandler ha, hb;
  std::optional<std::error_code> a_end, b_end;
  TaskGroup group(io.get_executor());
  group.spawn(run_to_end(&a, &ha, {}, &a_end));
  group.spawn(run_to_end(&b, &hb, {}, &b_end));
  BOOST_REQUIRE(run_until(io, [&] { return ha.extensions && hb.extensions; }));
  BOOST_TEST(a.client_name() == "client-B 2.0");
  BOOST_TEST(b.client_name() == "client-A 1.0");
  BOOST_TEST(hb.extensions->reqq.value_or(0) == wire::kAdvertisedReqq);

  const std::array<std::byte, 1> bits{std::byte{0xF8}};
  std::vector<std::byte> block(10000, std::byte{7});  // all of the short last piece
  BOOST_REQUIRE(run_coro(io, b.send(wire::Bitfield{bits})));
  BOOST_REQUIRE(run_coro(io, a.send(wire::Interested{})));
  BOOST_TEST(a.am_interested());
  BOOST_REQUIRE(run_coro(io, b.send(wire::Unchoke{})));
  BOOST_TEST(!b.am_choking());
  BOOST_REQUIRE(run_coro(io, a.send(wire::Request{PieceIndex{4}, 0, 10000})));
  BOOST_REQUIRE(run_coro(io, b.send(wire::Piece{PieceIndex{4}, 0, block})));  // borrowed
  BOOST_REQUIRE(run_until(io, [&] { return ha.blocks.size() == 1; }));
  BOOST_TEST(b.peer_interested());
  BOOST_TEST(!a.peer_choking());
  BOOST_TEST(hb.saw("request 4 0 10000"));
  BOOST_TEST((ha.bitfield == std::vector<std::byte>(bits.begin(), bits.end())));
  BOOST_TEST((ha.blocks[0] == block));

  // Graceful close: what was queued before close() still arrives.
  BOOST_REQUIRE(run_coro(io, a.send(wire::Have{PieceIndex{1}})));
  BOOST_REQUIRE(run_coro(io, a.send(wire::NotInterested{})));
  a.close();
  BOOST_TEST(!run_coro(io, a.send(wire::Have{PieceIndex{2}})));
  BOOST_REQUIRE(run_until(io, [&] { return a_end && b_end; }));
  BOOST_TEST(*a_end == std::error_code(wire::peer_errc::closed_by_us));
  BOOST_TEST(*b_end == asio::error::eof);
  BOOST_TEST(hb.saw("have 1"));
  BOOST_TEST(hb.saw("not interested"));
  BOOST_TEST(!b.peer_interested());
  run_coro(io, group.stop());

  // Events: connected (with the client from "v"), a block, closed with the reason.
  BOOST_REQUIRE(seen.size() >= 3u);
  const auto& connected = std::get<corrent::events::PeerConnected>(seen.front());
  BOOST_TEST(connected.client == "client-B 2.0");
  BOOST_TEST((connected.peer_id == peer_id('B')));
  BOOST_TEST(std::holds_alternative<corrent::events::BlockReceived>(seen[1]));
  const auto& closed = std::get<corrent::events::PeerClosed>(seen.back());
  BOOST_TEST(closed.reason == std::error_code(wire::peer_errc::closed_by_us));
  BOOST_TEST(!closed.detail.empty());
}

BOOST_AUTO_TEST_CASE(keep_alives_are_sent_on_schedule) {
  asio::io_context io;
  auto [sa, raw] = PipeStream::make_pair(io.get_executor());
  BOOST_REQUIRE(run_coro(io, raw->write_all(wire::encode_handshake(handshake('B')))));
  auto settings = quick_settings();
  settings.keep_alive_interval = 100ms;
  auto conn = run_coro(io, wire::PeerConnection::connect(std::move(sa), handshake('A'), shape(), settings));
  BOOST_REQUIRE(conn);
  RecordingHandler h;
  std::optional<std::error_code> ended;
  TaskGroup group(io.get_executor());
  group.spawn(run_to_end(conn->get(), &h, {}, &ended));
  auto bytes = drain(io, *raw, 68ms);  // our handshake, then the extension handshake
  const auto first = bytes.size();
  BOOST_TEST(first > wire::kHandshakeLength);
  // Over 550 ms of silence from us, keep-alives (4 zero bytes each) every 100 ms: 5.
  bytes = drain(io, *raw, 550ms);
  BOOST_TEST(bytes.size() % 4 == 0u);
  BOOST_TEST(std::all_of(bytes.begin(), bytes.end(), [](std::byte b) { return b == std::byte{0}; }));
  BOOST_TEST(bytes.size() / 4 >= 3u);  // 5 on time; a loaded machine may fire late
  BOOST_TEST(bytes.size() / 4 <= 6u);
  BOOST_TEST(!ended.has_value());
  (*conn)->close();
  BOOST_REQUIRE(run_until(io, [&] { return ended.has_value(); }));
  run_coro(io, group.stop());
}

BOOST_AUTO_TEST_CASE(a_silent_peer_is_dropped_after_the_inactivity_timeout) {
  for (const bool drip : {false, true}) {
    asio::io_context io;
    auto [sa, raw] = PipeStream::make_pair(io.get_executor());
    BOOST_REQUIRE(run_coro(io, raw->write_all(wire::encode_handshake(handshake('B')))));
    auto settings = quick_settings();
    settings.inactivity_timeout = 200ms;
    settings.keep_alive_interval = 50ms;  // our keep-alives do not count as the peer's
    auto conn = run_coro(io, wire::PeerConnection::connect(std::move(sa), handshake('A'), shape(), settings));
    BOOST_REQUIRE(conn);
    RecordingHandler h;
    std::optional<std::error_code> ended;
    TaskGroup group(io.get_executor());
    const auto start = std::chrono::steady_clock::now();
    group.spawn(run_to_end(conn->get(), &h, {}, &ended));
    TaskGroup dripper(io.get_executor());
    if (drip) {
      // One byte every 40 ms: bytes arrive, but no message completes in time.
      raw->set_drip(40ms);
      dripper.spawn([](PipeStream* s) -> Task<void> {
        const auto have = encoded(wire::Have{PieceIndex{1}});
        (void)co_await s->write_all(have);
      }(raw.get()));
    }
    BOOST_REQUIRE(run_until(io, [&] { return ended.has_value(); }));
    const auto took = std::chrono::steady_clock::now() - start;
    BOOST_TEST(*ended == std::error_code(wire::peer_errc::inactivity_timeout));
    BOOST_TEST((took >= 190ms));
    BOOST_TEST((took < 1s));
    BOOST_TEST(h.log.empty());
    run_coro(io, group.stop());
    run_coro(io, dripper.stop());
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(upload_only_is_announced_and_announced_again_when_it_changes) {
  asio::io_context io;
  auto [sa, sb] = PipeStream::make_pair(io.get_executor());
  auto b_settings = quick_settings("client-B 2.0");
  b_settings.upload_only = true;
  auto both = run_coro(io, connect_both(std::move(sa), std::move(sb), quick_settings(), b_settings));
  BOOST_REQUIRE(both);
  auto& a = *both->a;
  auto& b = *both->b;
  RecordingHandler ha, hb;
  std::optional<std::error_code> a_end, b_end;
  TaskGroup group(io.get_executor());
  group.spawn(run_to_end(&a, &ha, {}, &a_end));
  group.spawn(run_to_end(&b, &hb, {}, &b_end));
  BOOST_REQUIRE(run_until(io, [&] { return ha.extensions && hb.extensions; }));
  BOOST_TEST(ha.extensions->upload_only);   // b said so
  BOOST_TEST(!hb.extensions->upload_only);  // a did not
  a.set_upload_only(true);                  // a finished downloading: a new handshake
  BOOST_REQUIRE(run_until(io, [&] { return hb.extensions->upload_only; }));
  a.set_upload_only(true);                  // no change: nothing sent
  const auto handshakes = std::count(hb.log.begin(), hb.log.end(), "extension handshake");
  BOOST_TEST(handshakes == 2);
  a.close();
  BOOST_REQUIRE(run_until(io, [&] { return a_end && b_end; }));
  run_coro(io, group.stop());
}

BOOST_AUTO_TEST_CASE(owned_pieces_are_queued_without_waiting_and_arrive_in_order) {
  asio::io_context io;
  auto [sa, sb] = PipeStream::make_pair(io.get_executor());
  auto both = run_coro(io, connect_both(std::move(sa), std::move(sb), quick_settings(), quick_settings()));
  BOOST_REQUIRE(both);
  auto& a = *both->a;
  auto& b = *both->b;
  RecordingHandler ha, hb;
  std::optional<std::error_code> a_end, b_end;
  TaskGroup group(io.get_executor());
  group.spawn(run_to_end(&a, &ha, {}, &a_end));
  group.spawn(run_to_end(&b, &hb, {}, &b_end));
  BOOST_REQUIRE(run_until(io, [&] { return ha.extensions && hb.extensions; }));
  // Pieces 0 and 1 (two blocks each), each block in a buffer with room for its header;
  // all queued before any is written.
  for (std::uint32_t i = 0; i < 4; ++i) {
    std::vector<std::byte> message(wire::kPieceHeaderSize + wire::kBlockSize, std::byte(i + 1));
    BOOST_REQUIRE(run_coro(io, b.send_piece(PieceIndex{i / 2}, (i % 2) * wire::kBlockSize, std::move(message))));
  }
  BOOST_TEST(b.pieces_queued() <= 4u);
  BOOST_REQUIRE(run_until(io, [&] { return ha.blocks.size() == 4; }));
  BOOST_TEST(b.pieces_queued() == 0u);
  for (std::uint32_t i = 0; i < 4; ++i) {
    BOOST_TEST(ha.saw("piece " + std::to_string(i / 2) + " " + std::to_string((i % 2) * wire::kBlockSize)));
    BOOST_TEST((ha.blocks[i] == std::vector<std::byte>(wire::kBlockSize, std::byte(i + 1))));
  }
  run_coro(io, b.wait_for_piece_room(1), 1s);  // none queued: returns at once
  // A buffer with no room for a block is refused.
  BOOST_TEST(!run_coro(io, b.send_piece(PieceIndex{0}, 0, std::vector<std::byte>(wire::kPieceHeaderSize))));
  a.close();
  BOOST_REQUIRE(run_until(io, [&] { return a_end && b_end; }));
  run_coro(io, group.stop());
}
