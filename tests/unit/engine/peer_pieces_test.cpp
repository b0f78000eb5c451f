// PeerPieces: one peer's pieces and requests, kept in step with the picker it counts in.

#include <boost/test/unit_test.hpp>

#include <memory>
#include <vector>

#include "corrent/engine/peer_pieces.hpp"
#include "corrent/engine/piece_picker.hpp"
#include "engine_test_util.hpp"

namespace {

using namespace corrent::engine;
using engine_test::all;
using engine_test::bits;
using engine_test::shape;
using corrent::Bitfield;
using corrent::PieceIndex;

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_peer_pieces)

BOOST_AUTO_TEST_CASE(haves_count_towards_availability_until_the_peer_goes) {
  PiecePicker picker(shape(4), 1);
  {
    PeerPieces peer(picker, 1);
    BOOST_TEST(!peer.interesting());
    BOOST_TEST(peer.add(PieceIndex{2}));
    BOOST_TEST(!peer.add(PieceIndex{2}));  // said twice: counted once
    BOOST_TEST(!peer.add(PieceIndex{9}));  // no such piece
    BOOST_TEST(picker.availability(PieceIndex{2}) == 1u);
    BOOST_TEST(peer.interesting());
    BOOST_TEST(peer.remove(PieceIndex{2}));
    BOOST_TEST(!peer.remove(PieceIndex{2}));
    BOOST_TEST(picker.availability(PieceIndex{2}) == 0u);
    peer.replace(bits(4, {0, 3}));
    BOOST_TEST(picker.availability(PieceIndex{0}) == 1u);
    BOOST_TEST(picker.availability(PieceIndex{3}) == 1u);
  }
  BOOST_TEST(picker.availability(PieceIndex{0}) == 0u);  // gone with the peer
  BOOST_TEST(picker.availability(PieceIndex{3}) == 0u);
  BOOST_TEST(picker.check_invariants() == "");
}

BOOST_AUTO_TEST_CASE(a_seed_that_loses_a_piece_is_counted_piece_by_piece) {
  PiecePicker picker(shape(3), 1);
  PeerPieces peer(picker, 1);
  peer.replace(all(3));
  BOOST_TEST(peer.is_seed());
  BOOST_TEST(peer.remove(PieceIndex{1}));
  BOOST_TEST(!peer.is_seed());
  BOOST_TEST(picker.availability(PieceIndex{0}) == 1u);
  BOOST_TEST(picker.availability(PieceIndex{1}) == 0u);
  BOOST_TEST(picker.check_invariants() == "");
}

BOOST_AUTO_TEST_CASE(interest_follows_what_we_lack_and_want) {
  PiecePicker picker(shape(3), 1);
  picker.set_have(PieceIndex{0});
  picker.set_piece_priority(PieceIndex{1}, 0);
  PeerPieces peer(picker, 1);
  BOOST_TEST(peer.add(PieceIndex{0}));
  BOOST_TEST(!peer.interesting());  // we have it
  (void)peer.add(PieceIndex{1});
  BOOST_TEST(!peer.interesting());  // we do not want it
  picker.set_piece_priority(PieceIndex{1}, 1);
  BOOST_TEST(peer.recount_interest());  // wanted now
  picker.set_piece_priority(PieceIndex{1}, 0);
  peer.replace(bits(3, {0, 1}));
  BOOST_TEST(!peer.interesting());
}

BOOST_AUTO_TEST_CASE(requests_are_freed_by_a_choke_a_reject_a_timeout_and_the_peers_departure) {
  PiecePicker picker(shape(2, 4), 1);
  auto slow = std::make_unique<PeerPieces>(picker, 1);
  PeerPieces other(picker, 2);
  slow->replace(all(2));
  other.replace(all(2));

  auto asked = slow->pick(8, {}, false);
  BOOST_TEST(asked.size() == 8u);
  BOOST_TEST(slow->outstanding() == 8u);
  slow->rejected(asked[0]);
  BOOST_TEST(slow->outstanding() == 7u);
  const auto taken = slow->take_back_requests();
  BOOST_TEST(taken.size() == 7u);
  BOOST_TEST(slow->outstanding() == 0u);

  asked = slow->pick(8, {}, false);
  BOOST_TEST(asked.size() == 8u);
  slow->choked();
  BOOST_TEST(slow->outstanding() == 0u);

  asked = slow->pick(3, {}, false);
  BOOST_TEST(asked.size() == 3u);
  const auto received = slow->received(asked[0]);
  BOOST_TEST(received.accepted);
  slow.reset();  // the connection ends: its two other requests are open again
  // What is left open is all `other` can take: every block but the one received.
  BOOST_TEST(other.pick(8, {}, false).size() == 7u);
  BOOST_TEST(picker.check_invariants() == "");
}

BOOST_AUTO_TEST_CASE(a_refused_piece_is_not_asked_again_until_forgiven) {
  PiecePicker picker(shape(2, 1), 1);  // two pieces of one block each
  PeerPieces peer(picker, 1);
  peer.replace(all(2));
  auto asked = peer.pick(1, {}, false);
  BOOST_REQUIRE(asked.size() == 1u);
  const auto first = asked[0].piece;
  peer.refused(asked[0]);
  BOOST_TEST(peer.outstanding() == 0u);
  // Only the other piece is asked for now, however often we look.
  for (int round = 0; round < 3; ++round) {
    asked = peer.pick(2, {}, false);
    for (const auto& b : asked) BOOST_TEST((b.piece != first));
  }
  // A HAVE or a new bitfield does not undo the refusal; a new unchoke does.
  peer.replace(all(2));
  BOOST_TEST(peer.pick(2, {}, false).empty());  // the other piece is requested already
  peer.forgive_refusals();
  asked = peer.pick(2, {}, false);
  BOOST_REQUIRE(asked.size() == 1u);
  BOOST_TEST((asked[0].piece == first));
  BOOST_TEST(picker.check_invariants() == "");
}

BOOST_AUTO_TEST_SUITE_END()
