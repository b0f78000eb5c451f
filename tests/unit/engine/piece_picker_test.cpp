// PiecePicker: what pick() chooses, and in which order.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <vector>

#include "corrent/engine/piece_picker.hpp"
#include "engine_test_util.hpp"

namespace {

using namespace corrent::engine;
using engine_test::all;
using engine_test::bits;
using engine_test::pieces_of;
using engine_test::shape;
using corrent::Bitfield;
using corrent::PieceIndex;

/// Marks pieces [first, first + n) had.
void have_range(PiecePicker& pk, std::uint32_t first, std::uint32_t n) {
  for (std::uint32_t p = first; p < first + n; ++p) pk.set_have(PieceIndex{p});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_piece_picker)

BOOST_AUTO_TEST_CASE(rarest_piece_is_picked_first_and_ties_are_random) {
  std::set<std::uint32_t> third_choices;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    PiecePicker pk(shape(8), seed);
    have_range(pk, 0, kRandomFirstPieces);   // past the random first pieces
    pk.add_peer(all(8));                     // every piece: 1
    pk.add_peer(bits(8, {5, 6, 7}));         // 5: 2
    pk.add_peer(bits(8, {6, 7}));            // 6, 7: 3
    BOOST_TEST(pk.availability(PieceIndex{4}) == 1u);
    BOOST_TEST(pk.availability(PieceIndex{7}) == 3u);
    const auto first = pk.pick(1, all(8), 4);
    BOOST_TEST(pieces_of(first) == std::vector<std::uint32_t>{4}, boost::test_tools::per_element());
    const auto second = pk.pick(1, all(8), 4);
    BOOST_TEST(pieces_of(second) == std::vector<std::uint32_t>{5}, boost::test_tools::per_element());
    const auto third = pk.pick(1, all(8), 4);
    BOOST_REQUIRE(pieces_of(third).size() == 1u);
    third_choices.insert(pieces_of(third)[0]);
  }
  BOOST_TEST((third_choices == std::set<std::uint32_t>{6, 7}));
}

BOOST_AUTO_TEST_CASE(rarest_first_follows_availability_changes) {
  PiecePicker pk(shape(8), 7);
  have_range(pk, 0, 4);
  const auto a = bits(8, {4, 5, 6, 7});
  pk.add_peer(a);
  pk.add_peer(a);
  pk.add_have(PieceIndex{4});
  pk.add_have(PieceIndex{5});
  pk.add_have(PieceIndex{7});
  pk.remove_peer(a);  // 4: 2, 5: 2, 6: 1, 7: 2
  BOOST_TEST(pk.availability(PieceIndex{6}) == 1u);
  BOOST_TEST(pieces_of(pk.pick(1, a, 4)) == std::vector<std::uint32_t>{6}, boost::test_tools::per_element());
  BOOST_TEST(pk.check_invariants() == "");
  // lt_donthave: 5 loses both its sources and becomes the rarest (none has it).
  pk.remove_have(PieceIndex{5});
  pk.remove_have(PieceIndex{5});
  pk.remove_have(PieceIndex{5});  // one more than it had: stays at 0
  BOOST_TEST(pk.availability(PieceIndex{5}) == 0u);
  BOOST_TEST(pk.check_invariants() == "");
}

// kRandomFirstPieces: below it the first piece is random, at it rarest first applies.
BOOST_AUTO_TEST_CASE(random_first_pieces_until_the_limit) {
  const auto run = [](std::uint32_t had) {
    std::set<std::uint32_t> picked;
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
      PiecePicker pk(shape(64), seed);
      have_range(pk, 60, had);  // the last pieces
      pk.add_peer(all(64));
      Bitfield most(64, true);
      most.set(PieceIndex{0}, false);
      pk.add_peer(most);  // piece 0 is the rarest
      const auto got = pieces_of(pk.pick(1, all(64), 4));
      BOOST_REQUIRE(got.size() == 1u);
      picked.insert(got[0]);
    }
    return picked;
  };
  BOOST_TEST(run(0).size() >= 10u);                       // random
  BOOST_TEST(run(kRandomFirstPieces - 1).size() >= 10u);  // at the limit - 1: still random
  BOOST_TEST((run(kRandomFirstPieces) == std::set<std::uint32_t>{0}));  // at it: rarest
}

BOOST_AUTO_TEST_CASE(random_first_prefers_higher_priority) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    PiecePicker pk(shape(16), seed);
    pk.add_peer(all(16));
    pk.set_piece_priority(PieceIndex{9}, 6);
    BOOST_TEST(pieces_of(pk.pick(1, all(16), 4)) == std::vector<std::uint32_t>{9},
               boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(sequential_picks_in_index_order_skipping_had_and_skipped) {
  PiecePicker pk(shape(10), 3);
  pk.set_sequential(true);
  BOOST_TEST(pk.sequential());
  pk.set_have(PieceIndex{1});
  pk.set_piece_priority(PieceIndex{3}, 0);
  pk.set_piece_priority(PieceIndex{6}, 7);  // priorities other than 0 do not reorder
  pk.add_peer(all(10));
  pk.add_peer(bits(10, {0, 2}));  // availability does not reorder either
  const auto got = pk.pick(1, all(10), 16);
  BOOST_TEST(pieces_of(got) == (std::vector<std::uint32_t>{0, 2, 4, 5}), boost::test_tools::per_element());
  for (std::size_t i = 0; i + 1 < got.size(); ++i) BOOST_TEST((got[i] < got[i + 1]));
  // A skipped piece below the cursor that becomes wanted is picked next.
  pk.set_piece_priority(PieceIndex{3}, 1);
  BOOST_TEST(pieces_of(pk.pick(2, all(10), 4)) == std::vector<std::uint32_t>{3}, boost::test_tools::per_element());
  BOOST_TEST(pk.check_invariants() == "");
}

BOOST_AUTO_TEST_CASE(priority_zero_is_never_picked) {
  PiecePicker pk(shape(6), 5);
  for (std::uint32_t p = 0; p < 6; ++p) {
    if (p != 2) pk.set_piece_priority(PieceIndex{p}, 0);
  }
  pk.add_peer(all(6));
  for (PeerKey peer = 1; peer <= 4; ++peer) {  // the end-game included
    for (const auto& b : pk.pick(peer, all(6), 100)) BOOST_TEST(b.piece.value == 2u);
  }
  BOOST_TEST(pk.outstanding(1) == 4u);
  BOOST_TEST(pk.outstanding(4) == 0u);  // 3 requesters per block at most
}

BOOST_AUTO_TEST_CASE(higher_priority_before_rarer) {
  PiecePicker pk(shape(8), 9);
  have_range(pk, 0, 4);
  pk.add_peer(all(8));
  pk.add_peer(bits(8, {5, 6, 7}));
  pk.add_peer(bits(8, {7}));
  pk.set_piece_priority(PieceIndex{7}, 5);  // the most common, but wanted most
  BOOST_TEST(pieces_of(pk.pick(1, all(8), 8)) == (std::vector<std::uint32_t>{7, 4}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(priority_is_capped_at_the_maximum) {
  PiecePicker pk(shape(4), 1);
  BOOST_TEST(pk.piece_priority(PieceIndex{0}) == kDefaultPiecePriority);
  pk.set_piece_priority(PieceIndex{0}, kMaxPiecePriority);
  BOOST_TEST(pk.piece_priority(PieceIndex{0}) == kMaxPiecePriority);
  pk.set_piece_priority(PieceIndex{1}, kMaxPiecePriority + 1);
  BOOST_TEST(pk.piece_priority(PieceIndex{1}) == kMaxPiecePriority);
  BOOST_TEST(pk.piece_priority(PieceIndex{99}) == 0u);
  BOOST_TEST(pk.check_invariants() == "");
}

BOOST_AUTO_TEST_CASE(deadlines_come_before_everything) {
  PiecePicker pk(shape(10), 2);
  pk.set_sequential(true);
  pk.add_peer(all(10));
  BOOST_TEST(pieces_of(pk.pick(1, all(10), 1)) == std::vector<std::uint32_t>{0}, boost::test_tools::per_element());
  pk.set_deadline(PieceIndex{8}, 5);
  pk.set_deadline(PieceIndex{6}, 1);
  pk.set_deadline(PieceIndex{9}, 3);
  pk.clear_deadline(PieceIndex{9});
  const auto got = pk.pick(2, all(10), 12);
  // 6 (soonest), 8, then the partial piece 0, then sequential 1.
  BOOST_TEST(pieces_of(got) == (std::vector<std::uint32_t>{6, 8, 0, 1}), boost::test_tools::per_element());
  BOOST_TEST(got.size() == 12u);
  BOOST_TEST(pk.check_invariants() == "");
}

BOOST_AUTO_TEST_CASE(a_had_piece_loses_its_deadline) {
  PiecePicker pk(shape(10), 2);
  pk.set_have(PieceIndex{0});
  pk.set_deadline(PieceIndex{0}, 1);  // ignored: had
  pk.set_deadline(PieceIndex{5}, 1);
  pk.set_have(PieceIndex{5});
  BOOST_TEST(pk.check_invariants() == "");
  pk.add_peer(all(10));
  for (const auto& b : pk.pick(1, all(10), 40)) {
    BOOST_TEST(b.piece.value != 0u);
    BOOST_TEST(b.piece.value != 5u);
  }
}

BOOST_AUTO_TEST_CASE(partial_pieces_are_finished_first) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    PiecePicker pk(shape(8), seed);
    have_range(pk, 0, 4);
    pk.add_peer(all(8));
    const auto first = pk.pick(1, all(8), 1);
    BOOST_REQUIRE(first.size() == 1u);
    BOOST_TEST(first[0].offset == 0u);
    const auto rest = pk.pick(2, all(8), 3);
    BOOST_REQUIRE(rest.size() == 3u);
    for (std::uint32_t i = 0; i < 3; ++i) {
      BOOST_TEST(rest[i].piece.value == first[0].piece.value);
      BOOST_TEST(rest[i].offset == (i + 1) * kBlockSize);
    }
    BOOST_TEST(pk.pieces_in_flight() == 1u);
  }
}

BOOST_AUTO_TEST_CASE(choked_peer_gives_only_allowed_fast_pieces) {
  PiecePicker pk(shape(8), 4);
  auto has = all(8);
  has.set(PieceIndex{2}, false);
  pk.add_peer(has);
  const std::vector<PieceIndex> fast{PieceIndex{5}, PieceIndex{2}, PieceIndex{42}};
  BOOST_TEST(pk.pick(1, has, 10, {}, true).empty());
  const auto got = pk.pick(1, has, 10, fast, true);
  BOOST_TEST(got.size() == 4u);
  for (const auto& b : got) BOOST_TEST(b.piece.value == 5u);  // 2: the peer lacks it
  BOOST_TEST(pk.pick(1, has, 10, fast, true).empty());
  // Unchoked, the same call takes any piece.
  BOOST_TEST(pk.pick(1, has, 4, fast, false).size() == 4u);
}

BOOST_AUTO_TEST_CASE(never_requests_what_the_peer_lacks) {
  PiecePicker pk(shape(10), 8);
  const auto has = bits(10, {2, 7});
  pk.add_peer(has);
  const auto got = pk.pick(1, has, 100);
  BOOST_TEST(got.size() == 8u);
  for (const auto& b : got) BOOST_TEST((b.piece.value == 2u || b.piece.value == 7u));
  BOOST_TEST(pk.pick(1, has, 100).empty());  // end-game: never the same peer twice
  BOOST_TEST(pk.pick(2, bits(10, {}), 100).empty());
  BOOST_TEST(pk.pick(2, Bitfield(3, true), 100).empty());  // wrong size: nothing
}

BOOST_AUTO_TEST_CASE(end_game_duplicates_are_bounded_and_never_to_the_same_peer) {
  PiecePicker pk(shape(2, 2), 1);
  pk.add_peer(all(2));
  BOOST_TEST(pk.pick(1, all(2), 2).size() == 2u);
  BOOST_TEST(!pk.in_endgame());
  BOOST_TEST(pieces_of(pk.pick(2, all(2), 2)).size() == 1u);  // fresh blocks, no duplicates
  BOOST_TEST(pk.in_endgame());
  BOOST_TEST(pk.pick(1, all(2), 10).size() == 2u);  // peer 2's blocks, never its own
  BOOST_TEST(pk.pick(1, all(2), 10).empty());
  BOOST_TEST(pk.pick(2, all(2), 10).size() == 2u);  // peer 1's blocks
  // Each block now has 2 requesters; one more duplicate is allowed (kMaxEndgameDuplicates).
  const auto third = pk.pick(3, all(2), 10);
  BOOST_TEST(third.size() == 4u);
  BOOST_TEST(pk.pick(4, all(2), 10).empty());  // limit + 1: refused
  BOOST_TEST(pk.outstanding(1) == 4u);
  BOOST_TEST(pk.outstanding(2) == 4u);
  BOOST_TEST(pk.outstanding(3) == 4u);
  const BlockRef b{PieceIndex{0}, 0, kBlockSize};
  const auto r = pk.on_block_received(3, b);
  BOOST_TEST(r.accepted);
  auto others = r.also_requested;
  std::sort(others.begin(), others.end());
  BOOST_TEST(others == (std::vector<PeerKey>{1, 2}), boost::test_tools::per_element());
  BOOST_TEST(pk.outstanding(1) == 3u);
  BOOST_TEST(!pk.on_block_received(1, b).accepted);  // cancelled: late duplicate
  BOOST_TEST(pk.check_invariants() == "");
}

BOOST_AUTO_TEST_CASE(no_end_game_while_an_open_block_is_available) {
  PiecePicker pk(shape(3, 2), 1);
  pk.add_peer(bits(3, {0, 1}));
  BOOST_TEST(pk.pick(1, bits(3, {0, 1}), 3).size() == 3u);
  BOOST_TEST(!pk.in_endgame());
  // The last open block, then (end-game: piece 2 nobody has) duplicates of peer 1's 3.
  BOOST_TEST(pk.pick(2, bits(3, {0, 1}), 10).size() == 4u);
  BOOST_TEST(pk.in_endgame());
  BOOST_TEST(pk.pick(1, bits(3, {0, 1}), 10).size() == 1u);  // peer 2's block
  pk.add_have(PieceIndex{2});
  BOOST_TEST(!pk.in_endgame());
}

BOOST_AUTO_TEST_CASE(is_interesting_when_the_peer_has_a_wanted_piece_we_lack) {
  PiecePicker pk(shape(6), 1);
  BOOST_TEST(pk.is_interesting(all(6)));
  BOOST_TEST(!pk.is_interesting(bits(6, {})));
  BOOST_TEST(pk.is_interesting(bits(6, {4})));
  pk.set_have(PieceIndex{4});
  BOOST_TEST(!pk.is_interesting(bits(6, {4})));
  pk.set_piece_priority(PieceIndex{3}, 0);
  BOOST_TEST(!pk.is_interesting(bits(6, {3, 4})));
  BOOST_TEST(pk.is_interesting(bits(6, {3, 5})));
  BOOST_TEST(!pk.is_interesting(Bitfield(5, true)));  // wrong size
  for (std::uint32_t p : {0u, 1u, 2u, 5u}) pk.set_have(PieceIndex{p});
  BOOST_TEST(!pk.is_interesting(all(6)));  // finished
}

BOOST_AUTO_TEST_CASE(a_lost_piece_is_wanted_and_picked_again) {
  PiecePicker pk(shape(4), 1);
  have_range(pk, 0, 4);
  BOOST_TEST(pk.is_finished());
  BOOST_TEST(pk.lose(PieceIndex{2}));
  BOOST_TEST(!pk.lose(PieceIndex{2}));  // not had any more
  BOOST_TEST(!pk.have(PieceIndex{2}));
  BOOST_TEST(!pk.is_finished());
  BOOST_TEST(pk.have_count() == 3u);
  BOOST_TEST(pk.wanted_bytes_left() == shape(4).piece_length);
  BOOST_TEST(pk.check_invariants() == "");
  pk.add_peer(all(4));
  const auto picked = pk.pick(1, all(4), 16);
  BOOST_TEST((pieces_of(picked) == std::vector<std::uint32_t>{2}));
  // A piece not wanted (priority 0) is lost without becoming wanted.
  pk.set_piece_priority(PieceIndex{0}, 0);
  BOOST_TEST(pk.lose(PieceIndex{0}));
  BOOST_TEST(pk.wanted_bytes_left() == shape(4).piece_length);
  BOOST_TEST(pk.check_invariants() == "");
}

BOOST_AUTO_TEST_SUITE_END()
