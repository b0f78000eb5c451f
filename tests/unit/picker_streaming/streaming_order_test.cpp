// picker_streaming inside the engine's PiecePicker: pieces in order from the reading
// position for the read-ahead window, then the default order; deadlines still first.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <vector>

#include "corrent/engine/piece_picker.hpp"
#include "streaming_order.hpp"

namespace {

using corrent::Bitfield;
using corrent::PieceIndex;
using corrent::engine::PiecePicker;
using corrent::picker_streaming::StreamingOrder;

constexpr std::uint32_t kPieces = 100;
constexpr std::uint32_t kPieceLength = 16384;  // one block per piece: one pick, one piece

PiecePicker make(std::uint32_t read_ahead) {
  PiecePicker picker(corrent::wire::TorrentShape{kPieces, kPieceLength, std::uint64_t{kPieces} * kPieceLength}, 7);
  picker.set_order(std::make_unique<StreamingOrder>(read_ahead));
  Bitfield all(kPieces);
  all.set_all();
  picker.add_peer(all);
  return picker;
}

// The pieces of `n` single-block picks from peer `peer`.
std::vector<std::uint32_t> picks(PiecePicker& picker, std::uint32_t peer, std::size_t n) {
  Bitfield all(kPieces);
  all.set_all();
  std::vector<std::uint32_t> out;
  for (const auto& b : picker.pick(peer, all, n)) out.push_back(b.piece.value);
  return out;
}

std::vector<std::uint32_t> range(std::uint32_t from, std::uint32_t to) {
  std::vector<std::uint32_t> v;
  for (auto p = from; p < to; ++p) v.push_back(p);
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(picker_streaming)

BOOST_AUTO_TEST_CASE(the_window_from_the_reading_position_comes_in_index_order) {
  auto picker = make(8);
  BOOST_TEST(picks(picker, 1, 8) == range(0, 8), boost::test_tools::per_element());
  picker.on_read(PieceIndex{50}, PieceIndex{51});  // the player seeks
  BOOST_TEST(picks(picker, 1, 8) == range(50, 58), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(past_the_window_the_default_order_takes_over) {
  auto picker = make(4);
  const auto got = picks(picker, 1, 10);
  BOOST_TEST_REQUIRE(got.size() == 10u);
  BOOST_TEST(std::vector<std::uint32_t>(got.begin(), got.begin() + 4) == range(0, 4), boost::test_tools::per_element());
  // The rest is random first (nothing had yet), not in order.
  BOOST_TEST(std::vector<std::uint32_t>(got.begin() + 4, got.end()) != range(4, 10));
  for (auto p : std::vector<std::uint32_t>(got.begin() + 4, got.end())) BOOST_TEST(p >= 4u);
}

BOOST_AUTO_TEST_CASE(deadlines_come_before_the_window) {
  auto picker = make(8);
  picker.set_deadline(PieceIndex{90}, 1);
  picker.set_deadline(PieceIndex{70}, 2);
  const auto got = picks(picker, 1, 4);
  BOOST_TEST((got == std::vector<std::uint32_t>{90, 70, 0, 1}));
}

BOOST_AUTO_TEST_CASE(an_order_that_names_a_taken_piece_stops_the_pick_rather_than_loop) {
  // An order that always names piece 0, fresh or not.
  struct Stubborn final : corrent::policy::PieceOrder {
    int asked = 0;
    std::optional<PieceIndex> next_piece(corrent::policy::PieceCandidates&, const Bitfield&) override {
      ++asked;
      return PieceIndex{0};
    }
  };
  auto picker = make(8);
  auto order = std::make_unique<Stubborn>();
  auto* stubborn = order.get();
  picker.set_order(std::move(order));
  BOOST_TEST((picks(picker, 1, 5) == std::vector<std::uint32_t>{0}));
  BOOST_TEST(stubborn->asked == 2);  // piece 0, then 0 again: refused, the pick ends
}

BOOST_AUTO_TEST_SUITE_END()
