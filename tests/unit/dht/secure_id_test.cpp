// BEP 42: node ids tied to the node's address, with the BEP's test vectors.
#include <boost/test/unit_test.hpp>

#include <string>

#include "secure_id.hpp"

namespace {

using corrent::dht::NodeId;
using corrent::net::Endpoint;

Endpoint ip(std::string_view text) { return *Endpoint::parse(std::string(text) + ":6881"); }
Endpoint ip6(std::string_view text) { return *Endpoint::parse("[" + std::string(text) + "]:6881"); }

struct Vector {
  const char* address;
  std::uint8_t rand;
  const char* id;
};

// BEP 42, "test vectors": address, random byte, an example id for them.
constexpr Vector kVectors[] = {
    {"124.31.75.21", 1, "5fbfbff10c5d6a4ec8a88e4c6ab4c28b95eee401"},
    {"21.75.31.124", 86, "5a3ce9c14e7a08645677bbd1cfe7d8f956d53256"},
    {"65.23.51.170", 22, "a5d43220bc8f112a3d426c84764f8c2a1150e616"},
    {"84.124.73.14", 65, "1b0321dd1bb1fe518101ceef99462b947a01ff41"},
    {"43.213.53.83", 90, "e56f6cbf5b7c4be0237986d5243b87aa6d51305a"},
};

// The 21 bits BEP 42 fixes.
std::uint32_t prefix21(const NodeId& id) {
  return (std::uint32_t{id.bytes[0]} << 13) | (std::uint32_t{id.bytes[1]} << 5) | (id.bytes[2] >> 3);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_secure_id)

BOOST_AUTO_TEST_CASE(the_bep_vectors_verify) {
  for (const auto& v : kVectors) {
    BOOST_TEST_CONTEXT(v.address) {
      BOOST_TEST(corrent::dht::is_secure_node_id(*NodeId::from_hex(v.id), ip(v.address)));
    }
  }
}

BOOST_AUTO_TEST_CASE(generated_ids_carry_the_bep_vectors_prefix) {
  for (const auto& v : kVectors) {
    BOOST_TEST_CONTEXT(v.address) {
      NodeId random;
      random.bytes.fill(0x5a);
      random.bytes[19] = v.rand;
      const auto made = corrent::dht::secure_node_id(ip(v.address), random);
      BOOST_TEST(prefix21(made) == prefix21(*NodeId::from_hex(v.id)));
      BOOST_TEST(made.bytes[19] == v.rand);
      BOOST_TEST((made.bytes[2] & 0x07) == (0x5a & 0x07));  // the random bits under the prefix stay
      BOOST_TEST(made.bytes[10] == 0x5a);
      BOOST_TEST(corrent::dht::is_secure_node_id(made, ip(v.address)));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_changed_prefix_bit_or_another_address_fails) {
  const auto good = *NodeId::from_hex(kVectors[0].id);
  for (const std::size_t bit : {0, 7, 15, 20}) {
    auto bad = good;
    bad.bytes[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
    BOOST_TEST(!corrent::dht::is_secure_node_id(bad, ip(kVectors[0].address)));
  }
  auto below = good;  // bits 21..23 are free
  below.bytes[2] ^= 0x07;
  BOOST_TEST(corrent::dht::is_secure_node_id(below, ip(kVectors[0].address)));
  BOOST_TEST(!corrent::dht::is_secure_node_id(good, ip(kVectors[1].address)));
  auto other_rand = good;  // the last byte is part of the check
  other_rand.bytes[19] = 2;
  BOOST_TEST(!corrent::dht::is_secure_node_id(other_rand, ip(kVectors[0].address)));
}

BOOST_AUTO_TEST_CASE(ipv6_ids_round_trip_and_use_the_first_64_bits) {
  NodeId random;
  random.bytes[19] = 3;
  const auto address = ip6("2001:db8:1234:5678::1");
  const auto made = corrent::dht::secure_node_id(address, random);
  BOOST_TEST(corrent::dht::is_secure_node_id(made, address));
  // The interface half of the address is not hashed; the routing prefix is.
  BOOST_TEST(corrent::dht::is_secure_node_id(made, ip6("2001:db8:1234:5678:ffff::2")));
  BOOST_TEST(!corrent::dht::is_secure_node_id(made, ip6("2001:db9:1234:5678::1")));
}

BOOST_AUTO_TEST_CASE(local_addresses_are_exempt) {
  NodeId any;
  any.bytes.fill(0x11);
  for (const auto* local : {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.3.4", "127.0.0.1"}) {
    BOOST_TEST_CONTEXT(local) {
      BOOST_TEST(corrent::dht::is_bep42_exempt(ip(local)));
      BOOST_TEST(corrent::dht::is_secure_node_id(any, ip(local)));
    }
  }
  for (const auto* local6 : {"::1", "fc00::1", "fdff::1", "fe80::1", "febf::1", "::ffff:192.168.0.1"}) {
    BOOST_TEST_CONTEXT(local6) { BOOST_TEST(corrent::dht::is_bep42_exempt(ip6(local6))); }
  }
  for (const auto* global : {"172.32.0.1", "172.15.255.255", "8.8.8.8", "192.169.0.1", "11.0.0.1"}) {
    BOOST_TEST_CONTEXT(global) { BOOST_TEST(!corrent::dht::is_bep42_exempt(ip(global))); }
  }
  for (const auto* global6 : {"2001:db8::1", "fec0::1", "::2", "::ffff:8.8.8.8"}) {
    BOOST_TEST_CONTEXT(global6) { BOOST_TEST(!corrent::dht::is_bep42_exempt(ip6(global6))); }
  }
  BOOST_TEST(!corrent::dht::is_secure_node_id(any, ip("8.8.8.8")));
}

BOOST_AUTO_TEST_CASE(an_ipv4_mapped_address_is_judged_as_ipv4) {
  const auto v = kVectors[2];
  BOOST_TEST(corrent::dht::is_secure_node_id(*NodeId::from_hex(v.id), ip6(std::string("::ffff:") + v.address)));
}

BOOST_AUTO_TEST_SUITE_END()
