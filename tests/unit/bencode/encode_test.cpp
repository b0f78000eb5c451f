#include <boost/test/unit_test.hpp>

#include "corrent/bencode/decode.hpp"
#include "corrent/bencode/encode.hpp"

namespace bc = corrent::bencode;

BOOST_AUTO_TEST_SUITE(bencode_encode)

BOOST_AUTO_TEST_CASE(encodes_canonically_whatever_the_insertion_order) {
  bc::Value v;
  v["zeta"] = 1;
  v["alpha"] = "x";
  v["mid"].push_back(-3);
  v["mid"].push_back(bc::Value::dict());
  BOOST_TEST(bc::encode(v) == "d5:alpha1:x3:midli-3edee4:zetai1ee");
}

BOOST_AUTO_TEST_CASE(binary_strings_round_trip) {
  const std::string bytes("\0\xff:e", 4);
  BOOST_TEST(bc::encode(bc::Value(bytes)) == std::string("4:\0\xff:e", 6));
}

BOOST_AUTO_TEST_CASE(canonical_input_round_trips_exactly) {
  const std::string in = "d1:ai-1e1:bl0:i0ed1:cleee1:d3:xyze";
  auto doc = bc::decode(in);
  BOOST_REQUIRE(doc);
  BOOST_TEST(bc::encode(bc::to_value(doc->root())) == in);
}

BOOST_AUTO_TEST_CASE(non_canonical_input_is_sorted_on_reencode) {
  auto doc = bc::decode("d1:bi1e1:ai2ee");
  BOOST_REQUIRE(doc);
  BOOST_TEST(bc::encode(bc::to_value(doc->root())) == "d1:ai2e1:bi1ee");
}

BOOST_AUTO_TEST_CASE(value_lookup) {
  bc::Value v;
  v["k"] = 5;
  BOOST_REQUIRE(v.find("k") != nullptr);
  BOOST_TEST(v.find("k")->as_int() == 5);
  BOOST_TEST(v.find("nope") == nullptr);
  BOOST_TEST(bc::Value(3).find("k") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
