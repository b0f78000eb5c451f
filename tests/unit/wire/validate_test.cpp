#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <vector>

#include "corrent/wire/limits.hpp"
#include "corrent/wire/validate.hpp"
#include "wire_test_util.hpp"

namespace {

using namespace corrent::wire;
using corrent::PieceIndex;

/// 10 pieces of 32 KiB, the last one 1000 bytes.
constexpr TorrentShape kShape{10, 32 * 1024, 9 * 32 * 1024 + 1000};

std::error_code check(const Message& m, const TorrentShape& shape = kShape) {
  const auto r = validate(m, shape);
  return r ? std::error_code{} : r.error();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(wire_validate)

BOOST_AUTO_TEST_CASE(shape_helpers) {
  BOOST_TEST(kShape.last_piece_length() == 1000u);
  BOOST_TEST(kShape.piece_size(PieceIndex{0}) == 32u * 1024);
  BOOST_TEST(kShape.piece_size(PieceIndex{9}) == 1000u);
  BOOST_TEST(kShape.piece_size(PieceIndex{10}) == 0u);
  constexpr TorrentShape exact{4, 100, 400};
  BOOST_TEST(exact.last_piece_length() == 100u);
  BOOST_TEST(TorrentShape{}.last_piece_length() == 0u);
}

BOOST_AUTO_TEST_CASE(piece_indices_below_the_count) {
  const std::error_code bad = errc::bad_piece_index;
  BOOST_TEST(check(Have{PieceIndex{9}}) == std::error_code{});
  BOOST_TEST(check(Have{PieceIndex{10}}) == bad);
  BOOST_TEST(check(Suggest{PieceIndex{10}}) == bad);
  BOOST_TEST(check(AllowedFast{PieceIndex{0xffffffff}}) == bad);
  BOOST_TEST(check(Request{PieceIndex{10}, 0, 1}) == bad);
  BOOST_TEST(check(Piece{PieceIndex{10}, 0, {}}) == bad);
}

BOOST_AUTO_TEST_CASE(request_length_at_and_past_16_kib) {
  BOOST_TEST(check(Request{PieceIndex{0}, 0, kMaxRequestLength}) == std::error_code{});
  BOOST_TEST(check(Request{PieceIndex{0}, 0, kMaxRequestLength + 1}) ==
             std::error_code(errc::request_too_large));
  BOOST_TEST(check(Cancel{PieceIndex{0}, 0, kMaxRequestLength + 1}) ==
             std::error_code(errc::request_too_large));
  BOOST_TEST(check(Reject{PieceIndex{0}, 0, 0}) == std::error_code(errc::zero_length_request));
  BOOST_TEST(check(Request{PieceIndex{0}, 0, 0}) == std::error_code(errc::zero_length_request));
}

BOOST_AUTO_TEST_CASE(request_within_the_piece) {
  const std::error_code out = errc::request_out_of_range;
  // The end of a full piece.
  BOOST_TEST(check(Request{PieceIndex{8}, 16 * 1024, 16 * 1024}) == std::error_code{});
  BOOST_TEST(check(Request{PieceIndex{8}, 16 * 1024 + 1, 16 * 1024}) == out);
  // The last piece is 1000 bytes.
  BOOST_TEST(check(Request{PieceIndex{9}, 0, 1000}) == std::error_code{});
  BOOST_TEST(check(Request{PieceIndex{9}, 0, 1001}) == out);
  BOOST_TEST(check(Request{PieceIndex{9}, 999, 1}) == std::error_code{});
  BOOST_TEST(check(Request{PieceIndex{9}, 1000, 1}) == out);
  // begin + length must not wrap around 32 bits.
  BOOST_TEST(check(Request{PieceIndex{0}, 0xffffffff, 16}) == out);
}

BOOST_AUTO_TEST_CASE(piece_blocks_within_the_piece) {
  const std::error_code out = errc::block_out_of_range;
  const std::vector<std::byte> full(kMaxRequestLength), over(kMaxRequestLength + 1), tail(1000);
  BOOST_TEST(check(Piece{PieceIndex{0}, 16 * 1024, full}) == std::error_code{});
  BOOST_TEST(check(Piece{PieceIndex{0}, 0, over}) == out);
  BOOST_TEST(check(Piece{PieceIndex{0}, 16 * 1024 + 1, full}) == out);
  BOOST_TEST(check(Piece{PieceIndex{9}, 0, tail}) == std::error_code{});
  BOOST_TEST(check(Piece{PieceIndex{9}, 1, tail}) == out);
  BOOST_TEST(check(Piece{PieceIndex{0}, 0, {}}) == out);
}

BOOST_AUTO_TEST_CASE(bitfield_sizes_and_spare_bits) {
  const auto check_bits = [](std::uint32_t pieces, std::initializer_list<int> b) {
    const auto bits = wire_test::bytes(b);
    return check(Bitfield{bits}, TorrentShape{pieces, 16384, std::uint64_t{pieces} * 16384});
  };
  const std::error_code size = errc::bitfield_wrong_size;
  const std::error_code spare = errc::bitfield_spare_bits;
  BOOST_TEST(check_bits(0, {}) == std::error_code{});
  BOOST_TEST(check_bits(0, {0}) == size);
  BOOST_TEST(check_bits(8, {0xff}) == std::error_code{});
  BOOST_TEST(check_bits(8, {0xff, 0}) == size);
  BOOST_TEST(check_bits(8, {}) == size);
  BOOST_TEST(check_bits(9, {0xff, 0x80}) == std::error_code{});
  BOOST_TEST(check_bits(9, {0xff}) == size);
  BOOST_TEST(check_bits(9, {0xff, 0x40}) == spare);
  BOOST_TEST(check_bits(9, {0x00, 0x01}) == spare);
}

BOOST_AUTO_TEST_CASE(other_messages_always_pass) {
  for (const Message& m : std::vector<Message>{KeepAlive{}, Choke{}, Unchoke{}, Interested{},
                                               NotInterested{}, Port{0}, HaveAll{}, HaveNone{},
                                               Extended{}}) {
    BOOST_TEST(check(m, TorrentShape{}) == std::error_code{});
  }
}

BOOST_AUTO_TEST_SUITE_END()
