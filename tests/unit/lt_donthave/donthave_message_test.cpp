// BEP 54's DONTHAVE payload: 4 bytes, big-endian; every other size refused.
#include <boost/test/unit_test.hpp>

#include <vector>

#include "donthave_message.hpp"

namespace {

using namespace corrent::donthave;
using corrent::PieceIndex;

std::vector<std::byte> bytes(std::initializer_list<int> values) {
  std::vector<std::byte> out;
  for (const int v : values) out.push_back(std::byte(v));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(donthave_message)

BOOST_AUTO_TEST_CASE(a_piece_is_four_bytes_big_endian_both_ways) {
  const auto encoded = encode_donthave(PieceIndex{0x01020304});
  BOOST_TEST((std::vector<std::byte>(encoded.begin(), encoded.end()) == bytes({1, 2, 3, 4})));
  const auto decoded = decode_donthave(bytes({0, 0, 1, 0}));
  BOOST_TEST_REQUIRE(decoded.has_value());
  BOOST_TEST(decoded->value == 256u);
}

BOOST_AUTO_TEST_CASE(any_other_size_is_refused) {
  BOOST_TEST(!decode_donthave({}).has_value());
  BOOST_TEST(!decode_donthave(bytes({0, 0, 2})).has_value());
  BOOST_TEST(!decode_donthave(bytes({0, 0, 0, 2, 0})).has_value());
  BOOST_TEST(!decode_donthave(std::vector<std::byte>(1024)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
