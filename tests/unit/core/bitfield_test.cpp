#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <system_error>

#include "corrent/core/bitfield.hpp"

namespace {

using corrent::Bitfield;
using corrent::bitfield_errc;
using corrent::PieceIndex;
using namespace std::string_literals;

/// The error from_wire() gives, or no error when it accepts the payload.
std::error_code wire_error(std::string_view bytes, std::size_t bits) {
  const auto parsed = Bitfield::from_wire(bytes, bits);
  return parsed ? std::error_code{} : parsed.error();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(core_bitfield)

BOOST_AUTO_TEST_CASE(piece_zero_is_the_high_bit_of_byte_zero) {
  Bitfield b(16);
  b.set(PieceIndex{0});
  b.set(PieceIndex{7});
  b.set(PieceIndex{9});
  BOOST_TEST(b.to_wire() == "\x81\x40"s);
  BOOST_TEST(b.test(PieceIndex{0}));
  BOOST_TEST(!b.test(PieceIndex{1}));
  BOOST_TEST(b.test(PieceIndex{9}));
  BOOST_TEST(b.count() == 3U);
}

BOOST_AUTO_TEST_CASE(set_and_clear_keep_the_count) {
  Bitfield b(10);
  b.set(PieceIndex{3});
  b.set(PieceIndex{3});  // already set: not counted twice
  BOOST_TEST(b.count() == 1U);
  b.set(PieceIndex{3}, false);
  b.set(PieceIndex{4}, false);  // already clear
  BOOST_TEST(b.count() == 0U);
  BOOST_TEST(b.none());
}

BOOST_AUTO_TEST_CASE(zero_bits) {
  const Bitfield b;
  BOOST_TEST(b.size() == 0U);
  BOOST_TEST(b.to_wire().empty());
  BOOST_TEST(b.all());
  BOOST_TEST(b.none());
  const auto parsed = Bitfield::from_wire("", 0);
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST((*parsed == b));
  BOOST_TEST(wire_error("\x00"s, 0) == std::error_code(bitfield_errc::wrong_length));
}

BOOST_AUTO_TEST_CASE(eight_bits_fill_one_byte_without_spare_bits) {
  Bitfield b(8);
  b.set_all();
  BOOST_TEST(b.to_wire() == "\xff"s);
  BOOST_TEST(b.all());
  const auto parsed = Bitfield::from_wire("\xff"s, 8);
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST(parsed->count() == 8U);
  BOOST_TEST(parsed->all());
}

BOOST_AUTO_TEST_CASE(nine_bits_need_two_bytes_and_seven_spare_bits) {
  const Bitfield full(9, true);
  BOOST_TEST(full.to_wire() == "\xff\x80"s);
  BOOST_TEST(full.count() == 9U);
  const auto last_only = Bitfield::from_wire("\x00\x80"s, 9);
  BOOST_REQUIRE(last_only.has_value());
  BOOST_TEST(last_only->test(PieceIndex{8}));
  BOOST_TEST(last_only->count() == 1U);
  BOOST_TEST(wire_error("\x00\x40"s, 9) == std::error_code(bitfield_errc::spare_bits_set));
  BOOST_TEST(wire_error("\x00\x01"s, 9) == std::error_code(bitfield_errc::spare_bits_set));
}

BOOST_AUTO_TEST_CASE(wrong_length_is_rejected) {
  BOOST_TEST(wire_error("\x00"s, 9) == std::error_code(bitfield_errc::wrong_length));
  BOOST_TEST(wire_error("\x00\x00\x00"s, 9) == std::error_code(bitfield_errc::wrong_length));
  BOOST_TEST(wire_error("", 1) == std::error_code(bitfield_errc::wrong_length));
}

BOOST_AUTO_TEST_CASE(wire_round_trip) {
  Bitfield b(1001);
  for (std::uint32_t i = 0; i < 1001; i += 3) b.set(PieceIndex{i});
  const std::string wire = b.to_wire();
  BOOST_TEST(wire.size() == 126U);
  const auto parsed = Bitfield::from_wire(wire, 1001);
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST((*parsed == b));
  BOOST_TEST(parsed->count() == 334U);
  BOOST_TEST(parsed->test(PieceIndex{999}));
  BOOST_TEST(!parsed->test(PieceIndex{1000}));
}

BOOST_AUTO_TEST_CASE(set_all_leaves_spare_bits_clear) {
  Bitfield b(13);
  b.set_all();
  BOOST_TEST(b.to_wire() == "\xff\xf8"s);
  BOOST_TEST(b.all());
  BOOST_TEST(Bitfield::from_wire(b.to_wire(), 13).has_value());
}

BOOST_AUTO_TEST_CASE(errors_name_their_category) {
  const std::error_code e = bitfield_errc::spare_bits_set;
  BOOST_TEST(std::string(e.category().name()) == "corrent.core");
  BOOST_TEST(e.message() == "bitfield has a bit set past the last piece");
}

BOOST_AUTO_TEST_SUITE_END()
