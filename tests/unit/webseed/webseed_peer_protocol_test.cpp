// The peer side of a web seed, sans I/O: our handshake first, the BITFIELD with every
// piece after the engine's handshake, UNCHOKE after INTERESTED, requests queued and
// bounded, everything else ignored.
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <vector>

#include "corrent/core/peer_id.hpp"
#include "corrent/wire/codec.hpp"
#include "corrent/wire/handshake.hpp"
#include "peer_protocol.hpp"
#include "support/require_error.hpp"
#include "webseed_errc.hpp"
#include "webseed_limits.hpp"
#include "webseed_stream.hpp"

namespace {

namespace wire = corrent::wire;
using corrent::PieceIndex;
using corrent::test::error_of;
using corrent::webseed::errc;
using corrent::webseed::PeerProtocol;

// 10 pieces of 32 KiB, the last 1000 bytes.
const wire::TorrentShape kShape{10, 32 * 1024, 9 * 32 * 1024 + 1000};

corrent::metainfo::InfoHash hash_of(std::uint8_t b) {
  corrent::metainfo::InfoHash h;
  h.bytes.fill(b);
  return h;
}

std::vector<std::byte> bytes_of(const wire::Message& m) {
  std::vector<std::byte> out;
  wire::encode(m, out);
  return out;
}

std::vector<std::byte> take(PeerProtocol& p) {
  std::vector<std::byte> out(p.pending_output());
  BOOST_TEST(p.take_output(out) == out.size());
  return out;
}

// A protocol past the handshakes and unchoked.
PeerProtocol ready() {
  PeerProtocol p(hash_of(1), corrent::webseed::make_webseed_peer_id(), kShape);
  const auto theirs = wire::encode_handshake({wire::Reserved{}, hash_of(1), corrent::make_peer_id()});
  BOOST_TEST_REQUIRE(p.on_bytes(theirs).has_value());
  BOOST_TEST_REQUIRE(p.on_bytes(bytes_of(wire::Interested{})).has_value());
  (void)take(p);
  BOOST_TEST_REQUIRE(p.unchoked());
  return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webseed_peer_protocol)

BOOST_AUTO_TEST_CASE(the_handshake_comes_first_then_a_full_bitfield_then_unchoke) {
  PeerProtocol p(hash_of(1), corrent::webseed::make_webseed_peer_id(), kShape);
  const auto ours = take(p);
  const auto decoded = wire::decode_handshake(ours);
  BOOST_TEST_REQUIRE(decoded.has_value());
  BOOST_TEST(ours.size() == wire::kHandshakeLength);
  BOOST_TEST((decoded->info_hash == hash_of(1)));
  BOOST_TEST((decoded->reserved == wire::Reserved{}));
  BOOST_TEST(std::memcmp(decoded->peer_id.bytes.data(), "-WS0001-", 8) == 0);
  // The engine's handshake, in two pieces, then nothing until it is whole.
  const auto theirs = wire::encode_handshake({wire::Reserved{}, hash_of(1), corrent::make_peer_id()});
  BOOST_TEST_REQUIRE(p.on_bytes(std::span(theirs).first(30)).has_value());
  BOOST_TEST(p.pending_output() == 0u);
  BOOST_TEST_REQUIRE(p.on_bytes(std::span(theirs).subspan(30)).has_value());
  const std::vector<std::byte> bits{std::byte{0xFF}, std::byte{0xC0}};  // 10 pieces, spare bits clear
  BOOST_TEST((take(p) == bytes_of(wire::Bitfield{bits})));
  // The engine's own bitfield and a keep-alive change nothing.
  const std::vector<std::byte> none{std::byte{0}, std::byte{0}};
  BOOST_TEST_REQUIRE(p.on_bytes(bytes_of(wire::Bitfield{none})).has_value());
  BOOST_TEST_REQUIRE(p.on_bytes(bytes_of(wire::KeepAlive{})).has_value());
  BOOST_TEST(p.pending_output() == 0u);
  BOOST_TEST(!p.unchoked());
  BOOST_TEST_REQUIRE(p.on_bytes(bytes_of(wire::Interested{})).has_value());
  BOOST_TEST((take(p) == bytes_of(wire::Unchoke{})));
  BOOST_TEST(p.unchoked());
  BOOST_TEST_REQUIRE(p.on_bytes(bytes_of(wire::Interested{})).has_value());
  BOOST_TEST(p.pending_output() == 0u);  // unchoked once
}

BOOST_AUTO_TEST_CASE(a_handshake_for_another_torrent_is_refused) {
  PeerProtocol p(hash_of(1), corrent::webseed::make_webseed_peer_id(), kShape);
  const auto theirs = wire::encode_handshake({wire::Reserved{}, hash_of(2), corrent::make_peer_id()});
  BOOST_TEST(error_of(p.on_bytes(theirs)) == errc::bad_handshake);
  PeerProtocol q(hash_of(1), corrent::webseed::make_webseed_peer_id(), kShape);
  auto garbled = wire::encode_handshake({wire::Reserved{}, hash_of(1), corrent::make_peer_id()});
  garbled[0] = std::byte{18};
  BOOST_TEST(error_of(q.on_bytes(garbled)) == errc::bad_handshake);
}

BOOST_AUTO_TEST_CASE(requests_queue_in_order_and_cancel_drops_one) {
  auto p = ready();
  const wire::Request a{PieceIndex{0}, 0, 16384}, b{PieceIndex{0}, 16384, 16384}, c{PieceIndex{9}, 0, 1000};
  std::vector<std::byte> three;
  for (const auto& r : {a, b, c}) wire::encode(r, three);
  BOOST_TEST_REQUIRE(p.on_bytes(three).has_value());
  BOOST_TEST_REQUIRE(p.requests().size() == 3u);
  BOOST_TEST((p.requests().front() == a));
  BOOST_TEST_REQUIRE(p.on_bytes(bytes_of(wire::Cancel{b.piece, b.begin, b.length})).has_value());
  BOOST_TEST_REQUIRE(p.requests().size() == 2u);
  BOOST_TEST((p.requests().back() == c));
  const std::vector<std::byte> block(16384, std::byte{7});
  p.serve_front(block);
  BOOST_TEST((take(p) == bytes_of(wire::Piece{a.piece, a.begin, block})));
  BOOST_TEST((p.requests().front() == c));
}

BOOST_AUTO_TEST_CASE(unknown_and_other_messages_are_ignored) {
  auto p = ready();
  // An unknown id (99) with a body, then HAVE, NOT INTERESTED, CHOKE: all skipped.
  std::vector<std::byte> bytes{std::byte{0}, std::byte{0}, std::byte{0}, std::byte{3}, std::byte{99},
                               std::byte{1}, std::byte{2}};
  wire::encode(wire::Have{PieceIndex{3}}, bytes);
  wire::encode(wire::NotInterested{}, bytes);
  wire::encode(wire::Choke{}, bytes);
  wire::encode(wire::Request{PieceIndex{1}, 0, 16384}, bytes);
  BOOST_TEST_REQUIRE(p.on_bytes(bytes).has_value());
  BOOST_TEST(p.requests().size() == 1u);
  BOOST_TEST(p.pending_output() == 0u);
}

BOOST_AUTO_TEST_CASE(requests_outside_their_piece_or_longer_than_a_block_end_it) {
  {
    auto p = ready();
    BOOST_TEST(error_of(p.on_bytes(bytes_of(wire::Request{PieceIndex{0}, 0, 16385}))) == errc::bad_request);
  }
  {
    auto p = ready();  // the last piece is 1000 bytes
    BOOST_TEST(error_of(p.on_bytes(bytes_of(wire::Request{PieceIndex{9}, 999, 2}))) == errc::bad_request);
  }
  {
    auto p = ready();
    BOOST_TEST(error_of(p.on_bytes(bytes_of(wire::Request{PieceIndex{10}, 0, 1}))) == errc::bad_request);
  }
  {
    auto p = ready();
    BOOST_TEST(error_of(p.on_bytes(bytes_of(wire::Request{PieceIndex{0}, 0, 0}))) == errc::bad_request);
  }
}

BOOST_AUTO_TEST_CASE(outstanding_requests_are_bounded) {
  auto p = ready();
  std::vector<std::byte> many;
  for (std::size_t i = 0; i < corrent::webseed::kMaxOutstandingRequests; ++i) {
    wire::encode(wire::Request{PieceIndex{static_cast<std::uint32_t>(i % 9)}, 0, 16}, many);
  }
  BOOST_TEST_REQUIRE(p.on_bytes(many).has_value());  // at the limit
  BOOST_TEST(p.requests().size() == corrent::webseed::kMaxOutstandingRequests);
  BOOST_TEST(error_of(p.on_bytes(bytes_of(wire::Request{PieceIndex{0}, 16, 16}))) == errc::too_many_requests);
}

BOOST_AUTO_TEST_SUITE_END()
