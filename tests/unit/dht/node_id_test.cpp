// The DHT keyspace: XOR distance, shared prefixes, ordering by closeness.
#include <boost/test/unit_test.hpp>

#include "node_id.hpp"

namespace {

using corrent::dht::NodeId;

NodeId id(std::string_view hex) { return *NodeId::from_hex(hex); }

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_node_id)

BOOST_AUTO_TEST_CASE(hex_round_trips_and_other_lengths_are_refused) {
  const auto a = id("0123456789abcdef0123456789abcdef01234567");
  BOOST_TEST(a.hex() == "0123456789abcdef0123456789abcdef01234567");
  BOOST_TEST(a.bytes[0] == 0x01);
  BOOST_TEST(!NodeId::from_hex("0123").has_value());
  BOOST_TEST(!NodeId::from_hex("zz23456789abcdef0123456789abcdef01234567").has_value());
  BOOST_TEST(!NodeId::from_bytes(std::string(19, 'a')).has_value());
  BOOST_TEST(!NodeId::from_bytes(std::string(21, 'a')).has_value());
  BOOST_TEST(NodeId::from_bytes(std::string(20, 'a'))->view() == std::string(20, 'a'));
}

BOOST_AUTO_TEST_CASE(distance_is_xor) {
  const auto a = id("ff00000000000000000000000000000000000001");
  const auto b = id("0f00000000000000000000000000000000000003");
  BOOST_TEST(distance(a, b).hex() == "f000000000000000000000000000000000000002");
  BOOST_TEST((distance(a, a) == NodeId{}));
}

BOOST_AUTO_TEST_CASE(common_prefix_counts_leading_equal_bits) {
  const auto zero = NodeId{};
  BOOST_TEST(common_prefix_bits(zero, zero) == 160u);
  BOOST_TEST(common_prefix_bits(zero, id("8000000000000000000000000000000000000000")) == 0u);
  BOOST_TEST(common_prefix_bits(zero, id("0100000000000000000000000000000000000000")) == 7u);
  BOOST_TEST(common_prefix_bits(zero, id("0000100000000000000000000000000000000000")) == 19u);
  BOOST_TEST(common_prefix_bits(zero, id("0000000000000000000000000000000000000001")) == 159u);
}

BOOST_AUTO_TEST_CASE(closer_compares_distances_as_unsigned_integers) {
  const auto target = id("8000000000000000000000000000000000000000");
  const auto near = id("8000000000000000000000000000000000000fff");
  const auto far = id("0000000000000000000000000000000000000000");
  BOOST_TEST(closer_to(target, near, far));
  BOOST_TEST(!closer_to(target, far, near));
  BOOST_TEST(!closer_to(target, near, near));  // strict
}

BOOST_AUTO_TEST_CASE(bits_count_from_the_top) {
  const auto a = id("8000000000000000000000000000000000000001");
  BOOST_TEST(a.bit(0));
  BOOST_TEST(!a.bit(1));
  BOOST_TEST(a.bit(159));
  BOOST_TEST(!a.bit(158));
}

BOOST_AUTO_TEST_CASE(an_info_hash_is_a_point_of_the_keyspace) {
  corrent::metainfo::InfoHash ih;
  ih.bytes[0] = 0xab;
  BOOST_TEST(NodeId::from_info_hash(ih).bytes[0] == 0xab);
}

BOOST_AUTO_TEST_SUITE_END()
