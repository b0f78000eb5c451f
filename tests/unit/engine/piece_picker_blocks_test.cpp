// PiecePicker: the life of blocks (received, written, cancelled, failed) and the
// wanted/finished accounting.

#include <boost/test/unit_test.hpp>

#include <numeric>
#include <vector>

#include "corrent/engine/piece_picker.hpp"
#include "engine_test_util.hpp"

namespace {

using namespace corrent::engine;
using corrent::Bitfield;
using corrent::PieceIndex;
using engine_test::all;
using engine_test::bits;
using engine_test::shape;

BlockRef block(std::uint32_t piece, std::uint32_t index) {
  return BlockRef{PieceIndex{piece}, index * kBlockSize, kBlockSize};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_piece_picker_blocks)

BOOST_AUTO_TEST_CASE(received_blocks_are_accepted_once_and_only_from_their_requester) {
  PiecePicker pk(shape(4), 1);
  pk.add_peer(all(4));
  const auto got = pk.pick(1, bits(4, {2}), 2);
  BOOST_REQUIRE(got.size() == 2u);
  BOOST_TEST((got[0] == block(2, 0)));
  BOOST_TEST(!pk.on_block_received(2, got[0]).accepted);  // requested from peer 1 only
  BOOST_TEST(!pk.on_block_received(1, block(2, 3)).accepted);  // never requested
  BOOST_TEST(!pk.on_block_received(1, block(0, 0)).accepted);  // piece not in flight
  BOOST_TEST(!pk.on_block_received(1, {PieceIndex{2}, 1, kBlockSize}).accepted);  // unaligned
  BOOST_TEST(!pk.on_block_received(1, {PieceIndex{2}, 0, kBlockSize - 1}).accepted);  // length
  BOOST_TEST(!pk.on_block_received(1, {PieceIndex{9}, 0, kBlockSize}).accepted);  // no piece
  BOOST_TEST(!pk.on_block_received(1, {PieceIndex{2}, 4 * kBlockSize, kBlockSize}).accepted);
  BOOST_TEST(pk.outstanding(1) == 2u);
  const auto r = pk.on_block_received(1, got[0]);
  BOOST_TEST(r.accepted);
  BOOST_TEST(r.also_requested.empty());
  BOOST_TEST(pk.outstanding(1) == 1u);
  BOOST_TEST(!pk.on_block_received(1, got[0]).accepted);  // a duplicate
  BOOST_TEST(pk.check_invariants() == "");
}

BOOST_AUTO_TEST_CASE(written_reports_the_last_block_of_a_piece_once) {
  PiecePicker pk(shape(4), 1);
  pk.add_peer(all(4));
  const auto got = pk.pick(1, bits(4, {1}), 4);
  BOOST_REQUIRE(got.size() == 4u);
  BOOST_TEST(!pk.on_block_written(got[0]));  // not received yet
  for (std::size_t i = 0; i < 4; ++i) {
    BOOST_TEST(pk.on_block_received(1, got[i]).accepted);
    BOOST_TEST(pk.on_block_written(got[i]) == (i == 3));
  }
  BOOST_TEST(!pk.on_block_written(got[3]));  // again
  BOOST_TEST(pk.pieces_in_flight() == 1u);
  BOOST_TEST(!pk.have(PieceIndex{1}));
  pk.on_piece_passed(PieceIndex{1});
  BOOST_TEST(pk.have(PieceIndex{1}));
  BOOST_TEST(pk.have_count() == 1u);
  BOOST_TEST(pk.have_bits().test(PieceIndex{1}));
  BOOST_TEST(pk.pieces_in_flight() == 0u);
  BOOST_TEST(pk.check_invariants() == "");
}

BOOST_AUTO_TEST_CASE(a_cancelled_request_is_open_again) {
  PiecePicker pk(shape(4), 1);
  pk.add_peer(all(4));
  const auto got = pk.pick(1, bits(4, {3}), 2);
  BOOST_REQUIRE(got.size() == 2u);
  pk.on_request_cancelled(2, got[1]);  // not its request: nothing happens
  BOOST_TEST(pk.outstanding(1) == 2u);
  pk.on_request_cancelled(1, got[1]);
  BOOST_TEST(pk.outstanding(1) == 1u);
  BOOST_TEST((pk.requests_of(1) == std::vector<BlockRef>{got[0]}));
  BOOST_TEST(!pk.on_block_received(1, got[1]).accepted);  // too late now
  const auto again = pk.pick(2, bits(4, {3}), 1);
  BOOST_REQUIRE(again.size() == 1u);
  BOOST_TEST((again[0] == got[1]));
  // Everything cancelled: the piece holds no block state any more.
  pk.on_request_cancelled(1, got[0]);
  pk.on_request_cancelled(2, got[1]);
  BOOST_TEST(pk.pieces_in_flight() == 0u);
  BOOST_TEST(pk.check_invariants() == "");
}

BOOST_AUTO_TEST_CASE(a_gone_peer_returns_its_requests_but_not_what_it_sent) {
  PiecePicker pk(shape(4), 1);
  pk.add_peer(all(4));
  const auto got = pk.pick(1, all(4), 6);
  BOOST_REQUIRE(got.size() == 6u);
  BOOST_TEST(pk.on_block_received(1, got[0]).accepted);
  BOOST_TEST(pk.requests_of(1).size() == 5u);
  pk.on_peer_gone(1);
  BOOST_TEST(pk.outstanding(1) == 0u);
  BOOST_TEST(pk.requests_of(1).empty());
  BOOST_TEST(pk.pieces_in_flight() == 1u);  // the piece with the received block
  const auto again = pk.pick(2, all(4), 5);
  BOOST_REQUIRE(again.size() == 5u);
  // The partial piece's reopened blocks first; then a new piece.
  for (std::size_t i = 0; i < 3; ++i) BOOST_TEST((again[i] == got[i + 1]));
  BOOST_TEST(pk.check_invariants() == "");
}

BOOST_AUTO_TEST_CASE(a_failed_piece_lists_its_contributors_and_reopens_every_block) {
  PiecePicker pk(shape(4), 1);
  pk.add_peer(all(4));
  const auto a = pk.pick(1, bits(4, {0}), 2);
  const auto b = pk.pick(2, bits(4, {0}), 2);
  BOOST_REQUIRE(a.size() == 2u);
  BOOST_REQUIRE(b.size() == 2u);
  bool complete = false;
  for (const auto& x : a) {
    BOOST_TEST(pk.on_block_received(1, x).accepted);
    complete = pk.on_block_written(x);
  }
  for (const auto& x : b) {
    BOOST_TEST(pk.on_block_received(2, x).accepted);
    complete = pk.on_block_written(x);
  }
  BOOST_TEST(complete);
  BOOST_TEST(pk.on_piece_failed(PieceIndex{0}) == (std::vector<PeerKey>{1, 2}),
             boost::test_tools::per_element());
  BOOST_TEST(!pk.have(PieceIndex{0}));
  BOOST_TEST(pk.pieces_in_flight() == 0u);
  const auto again = pk.pick(3, bits(4, {0}), 10);
  BOOST_TEST(again.size() == 4u);
  BOOST_TEST(pk.on_piece_failed(PieceIndex{1}).empty());  // not in flight
  BOOST_TEST(pk.check_invariants() == "");
}

BOOST_AUTO_TEST_CASE(the_last_piece_is_shorter) {
  // 3 pieces of 4 blocks; the last piece is 20000 bytes: a full block and 3616 bytes.
  const corrent::wire::TorrentShape s{3, 4 * kBlockSize, 2ull * 4 * kBlockSize + 20000};
  PiecePicker pk(s, 1);
  BOOST_TEST(pk.block_count(PieceIndex{0}) == 4u);
  BOOST_TEST(pk.block_count(PieceIndex{2}) == 2u);
  BOOST_TEST(pk.block_count(PieceIndex{3}) == 0u);
  BOOST_TEST(pk.block_at(PieceIndex{2}, 1).length == 20000u - kBlockSize);
  pk.add_peer(all(3));
  const auto got = pk.pick(1, all(3), 100);
  BOOST_TEST(got.size() == 10u);
  const std::uint64_t bytes = std::accumulate(
      got.begin(), got.end(), std::uint64_t{0},
      [](std::uint64_t n, const BlockRef& b) { return n + b.length; });
  BOOST_TEST(bytes == s.total_size);
  const BlockRef last{PieceIndex{2}, kBlockSize, 20000 - kBlockSize};
  BOOST_TEST(!pk.on_block_received(1, {PieceIndex{2}, kBlockSize, kBlockSize}).accepted);
  BOOST_TEST(pk.on_block_received(1, last).accepted);
  BOOST_TEST(pk.wanted_bytes() == s.total_size);
}

BOOST_AUTO_TEST_CASE(finished_and_bytes_left_follow_priorities) {
  const corrent::wire::TorrentShape s{3, 4 * kBlockSize, 2ull * 4 * kBlockSize + 100};
  PiecePicker pk(s, 1);
  BOOST_TEST(!pk.is_finished());
  BOOST_TEST(pk.wanted_bytes_left() == s.total_size);
  pk.set_piece_priority(PieceIndex{2}, 0);
  BOOST_TEST(pk.wanted_bytes() == 8ull * kBlockSize);
  BOOST_TEST(pk.wanted_bytes_left() == 8ull * kBlockSize);
  pk.set_have(PieceIndex{0});
  BOOST_TEST(pk.wanted_bytes_left() == 4ull * kBlockSize);
  pk.set_have(PieceIndex{1});
  BOOST_TEST(pk.is_finished());
  BOOST_TEST(pk.wanted_bytes_left() == 0u);
  pk.set_piece_priority(PieceIndex{2}, 1);  // wanted again: not finished
  BOOST_TEST(!pk.is_finished());
  BOOST_TEST(pk.wanted_bytes_left() == 100u);
  pk.set_piece_priority(PieceIndex{0}, 0);  // had and skipped: neither wanted nor left
  BOOST_TEST(pk.wanted_bytes() == 4ull * kBlockSize + 100);
  pk.set_have(PieceIndex{2});
  BOOST_TEST(pk.is_finished());
  BOOST_TEST(pk.check_invariants() == "");
  BOOST_TEST(PiecePicker({}, 1).is_finished());  // an empty shape
}

BOOST_AUTO_TEST_CASE(set_have_drops_the_requests_of_a_piece_in_flight) {
  PiecePicker pk(shape(4), 1);
  pk.add_peer(all(4));
  BOOST_TEST(pk.pick(1, bits(4, {1}), 3).size() == 3u);
  pk.set_have(PieceIndex{1});  // e.g. a web seed or a check finished it
  BOOST_TEST(pk.outstanding(1) == 0u);
  BOOST_TEST(pk.pieces_in_flight() == 0u);
  BOOST_TEST(pk.check_invariants() == "");
}

BOOST_AUTO_TEST_CASE(availability_counts_seeds_in_constant_time) {
  PiecePicker pk(shape(4), 1);
  pk.add_peer(all(4));
  pk.add_peer(bits(4, {1}));
  pk.add_have(PieceIndex{2});
  BOOST_TEST(pk.availability(PieceIndex{0}) == 1u);
  BOOST_TEST(pk.availability(PieceIndex{1}) == 2u);
  BOOST_TEST(pk.availability(PieceIndex{2}) == 2u);
  pk.add_peer(Bitfield(3, true));  // wrong size: ignored
  BOOST_TEST(pk.availability(PieceIndex{3}) == 1u);
  pk.remove_peer(all(4));
  pk.remove_peer(bits(4, {1, 2}));
  for (std::uint32_t p = 0; p < 4; ++p) BOOST_TEST(pk.availability(PieceIndex{p}) == 0u);
  pk.remove_peer(bits(4, {3}));  // never added: no underflow
  BOOST_TEST(pk.availability(PieceIndex{3}) == 0u);
  BOOST_TEST(pk.check_invariants() == "");
}

BOOST_AUTO_TEST_SUITE_END()
