// BEP 40 canonical peer priority: the BEP's own examples, symmetry, the masks, and IPv6.
#include <boost/test/unit_test.hpp>

#include <array>
#include <vector>

#include "corrent/crypto/crc32c.hpp"
#include "corrent/net/peer_priority.hpp"

namespace {

using corrent::net::canonical_peer_priority;
using corrent::net::Endpoint;

Endpoint v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d, std::uint16_t port = 6881) {
  return Endpoint::v4({a, b, c, d}, port);
}

std::uint32_t crc(std::vector<std::uint8_t> bytes) { return corrent::crypto::crc32c(bytes); }

}  // namespace

BOOST_AUTO_TEST_SUITE(net_peer_priority)

BOOST_AUTO_TEST_CASE(the_beps_examples) {
  // Different /16: FF.FF.55.55. Same /24: the whole addresses.
  BOOST_TEST(canonical_peer_priority(v4(123, 213, 32, 10), v4(98, 76, 54, 32)) == 0xec2d7224u);
  BOOST_TEST(canonical_peer_priority(v4(98, 76, 54, 32), v4(123, 213, 32, 10)) == 0xec2d7224u);
  BOOST_TEST(canonical_peer_priority(v4(123, 213, 32, 10), v4(123, 213, 32, 234)) == 0x99568189u);
}

BOOST_AUTO_TEST_CASE(masks_by_how_much_the_addresses_share) {
  // Same /16, different /24: FF.FF.FF.55.
  BOOST_TEST(canonical_peer_priority(v4(10, 1, 2, 3), v4(10, 1, 200, 7)) ==
             crc({10, 1, 2, 3 & 0x55, 10, 1, 200, 7 & 0x55}));
  // Different /16: only the first two bytes whole; sorted, the smaller first.
  BOOST_TEST(canonical_peer_priority(v4(200, 9, 8, 7), v4(10, 1, 2, 3)) ==
             crc({10, 1, 2 & 0x55, 3 & 0x55, 200, 9, 8 & 0x55, 7 & 0x55}));
  // Ports do not count, unless the addresses are the same: then only they do.
  BOOST_TEST(canonical_peer_priority(v4(10, 1, 2, 3, 1), v4(10, 1, 200, 7, 2)) ==
             canonical_peer_priority(v4(10, 1, 2, 3, 9), v4(10, 1, 200, 7, 9)));
  BOOST_TEST(canonical_peer_priority(v4(10, 1, 2, 3, 6882), v4(10, 1, 2, 3, 6881)) == crc({0x1a, 0xe1, 0x1a, 0xe2}));
}

BOOST_AUTO_TEST_CASE(ipv6_keeps_six_bytes_and_one_more_per_byte_shared) {
  const Endpoint::V6Bytes a{0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0xaa, 0xbb, 0, 0, 0, 0, 0, 0, 0, 1};
  const Endpoint::V6Bytes b{0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0xaa, 0xcc, 0, 0, 0, 0, 0, 0, 0, 2};
  // They share 7 bytes: 8 kept, the rest masked by 0x55.
  std::vector<std::uint8_t> expected;
  for (const auto& x : {a, b}) {
    for (std::size_t i = 0; i < 16; ++i) expected.push_back(i < 8 ? x[i] : static_cast<std::uint8_t>(x[i] & 0x55));
  }
  BOOST_TEST(canonical_peer_priority(Endpoint::v6(a, 1), Endpoint::v6(b, 2)) == crc(expected));
  BOOST_TEST(canonical_peer_priority(Endpoint::v6(b, 2), Endpoint::v6(a, 1)) == crc(expected));
  // An IPv4 peer against an IPv6 one is compared as ::ffff:a.b.c.d: six bytes kept.
  const auto mixed = canonical_peer_priority(v4(1, 2, 3, 4), Endpoint::v6(a, 1));
  std::vector<std::uint8_t> mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff & 0x55, 0xff & 0x55, 1 & 0x55, 2 & 0x55, 3 & 0x55, 4 & 0x55};
  std::vector<std::uint8_t> theirs;
  for (std::size_t i = 0; i < 16; ++i) theirs.push_back(i < 6 ? a[i] : static_cast<std::uint8_t>(a[i] & 0x55));
  mapped.insert(mapped.end(), theirs.begin(), theirs.end());
  BOOST_TEST(mixed == crc(mapped));
}

BOOST_AUTO_TEST_SUITE_END()
