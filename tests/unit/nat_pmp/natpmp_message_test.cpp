// The NAT-PMP codec (RFC 6886): the requests byte for byte, replies of each kind, and one
// test per class of bad reply.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <vector>

#include "nat_pmp_errc.hpp"
#include "natpmp_message.hpp"

namespace np = corrent::nat_pmp;
using Bytes = std::vector<std::uint8_t>;

namespace {

// The reply to a mapping of `op` (1 UDP, 2 TCP): internal 6881 -> external 7881 for 7200 s.
Bytes map_reply(std::uint8_t op = 2, std::uint16_t result = 0) {
  return {0, static_cast<std::uint8_t>(128 + op), static_cast<std::uint8_t>(result >> 8),
          static_cast<std::uint8_t>(result), 0, 0, 0x03, 0xe8,  // epoch 1000
          0x1a, 0xe1, 0x1e, 0xc9,                              // 6881, 7881
          0, 0, 0x1c, 0x20};                                   // 7200 s
}

Bytes address_reply() {
  return {0, 128, 0, 0, 0, 0, 0, 42, 203, 0, 113, 7};
}

np::errc parse_error(const Bytes& bytes) {
  const auto parsed = np::parse_natpmp_reply(bytes);
  BOOST_REQUIRE(!parsed);
  return static_cast<np::errc>(parsed.error().code.value());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(natpmp_message)

BOOST_AUTO_TEST_CASE(requests_are_encoded_as_rfc_6886_says) {
  BOOST_TEST((np::encode_natpmp_address_request() == std::array<std::uint8_t, 2>{0, 0}));
  const auto tcp = np::encode_natpmp_map_request({np::IpProtocol::tcp, 6881, 7881, 7200});
  const std::array<std::uint8_t, 12> want_tcp{0, 2, 0, 0, 0x1a, 0xe1, 0x1e, 0xc9, 0, 0, 0x1c, 0x20};
  BOOST_TEST(tcp == want_tcp);
  const auto udp_delete = np::encode_natpmp_map_request({np::IpProtocol::udp, 6881, 0, 0});
  const std::array<std::uint8_t, 12> want_udp{0, 1, 0, 0, 0x1a, 0xe1, 0, 0, 0, 0, 0, 0};
  BOOST_TEST(udp_delete == want_udp);
}

BOOST_AUTO_TEST_CASE(replies_of_each_kind_decode) {
  const auto address = np::parse_natpmp_reply(address_reply());
  BOOST_REQUIRE(address);
  BOOST_TEST(address->opcode == np::kNatPmpOpAddress);
  BOOST_TEST(address->epoch == 42u);
  BOOST_TEST((address->external_address == std::array<std::uint8_t, 4>{203, 0, 113, 7}));
  const auto map = np::parse_natpmp_reply(map_reply());
  BOOST_REQUIRE(map);
  BOOST_TEST(map->opcode == np::kNatPmpOpMapTcp);
  BOOST_TEST(map->result == 0);
  BOOST_TEST(map->epoch == 1000u);
  BOOST_TEST(map->internal_port == 6881);
  BOOST_TEST(map->external_port == 7881);
  BOOST_TEST(map->lifetime == 7200u);
  BOOST_TEST(!map->header_only);
  BOOST_TEST(np::match_natpmp_map(*map, {np::IpProtocol::tcp, 6881, 0, 7200}).has_value());
}

BOOST_AUTO_TEST_CASE(an_error_may_come_as_the_header_alone) {
  // RFC 6886 §3.5: "Unsupported Version" to our PCP request (opcode 1) is 8 bytes.
  const auto reply = np::parse_natpmp_reply(Bytes{0, 129, 0, 1, 0, 0, 0, 9});
  BOOST_REQUIRE(reply);
  BOOST_TEST(reply->header_only);
  BOOST_TEST(reply->opcode == 1);
  BOOST_TEST((np::natpmp_result_error(reply->result) == np::errc::unsupported_version));
  // A header-only success is missing its payload.
  BOOST_TEST((parse_error(Bytes{0, 130, 0, 0, 0, 0, 0, 9}) == np::errc::truncated));
}

BOOST_AUTO_TEST_CASE(result_codes_name_their_errors) {
  const auto refused = np::parse_natpmp_reply(map_reply(2, 2));
  BOOST_REQUIRE(refused);
  BOOST_TEST((np::natpmp_result_error(refused->result) == np::errc::not_authorized));
  BOOST_TEST((np::natpmp_result_error(3) == np::errc::network_failure));
  BOOST_TEST((np::natpmp_result_error(4) == np::errc::no_resources));
  BOOST_TEST((np::natpmp_result_error(5) == np::errc::unsupported_opcode));
  BOOST_TEST((np::natpmp_result_error(99) == np::errc::gateway_error));
  BOOST_TEST((np::natpmp_result_error(0) == np::errc::ok));
  BOOST_TEST(std::error_code(np::errc::not_authorized).message().find("not authorized") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(short_replies_are_refused) {
  BOOST_TEST((parse_error(Bytes{}) == np::errc::too_short));
  BOOST_TEST((parse_error(Bytes{0, 128, 0, 0, 0, 0, 0}) == np::errc::too_short));  // 7 bytes
  auto map = map_reply();
  map.pop_back();  // 15 bytes
  BOOST_TEST((parse_error(map) == np::errc::too_short));
  auto address = address_reply();
  address.pop_back();  // 11 bytes
  BOOST_TEST((parse_error(address) == np::errc::too_short));
}

BOOST_AUTO_TEST_CASE(long_replies_are_refused) {
  auto map = map_reply();
  map.push_back(0);  // 17 bytes
  BOOST_TEST((parse_error(map) == np::errc::too_long));
  auto address = address_reply();
  address.push_back(0);  // 13 bytes: an address reply is exactly 12
  BOOST_TEST((parse_error(address) == np::errc::too_long));
}

BOOST_AUTO_TEST_CASE(wrong_version_is_refused) {
  auto map = map_reply();
  map[0] = 2;
  BOOST_TEST((parse_error(map) == np::errc::wrong_version));
}

BOOST_AUTO_TEST_CASE(requests_and_unknown_opcodes_are_refused) {
  auto map = map_reply();
  map[1] = 2;  // a request's opcode
  BOOST_TEST((parse_error(map) == np::errc::not_a_response));
  map[1] = 131;  // 128 + 3: no such request
  BOOST_TEST((parse_error(map) == np::errc::wrong_opcode));
}

BOOST_AUTO_TEST_CASE(a_reply_for_another_mapping_does_not_match) {
  const auto map = np::parse_natpmp_reply(map_reply(2));
  BOOST_REQUIRE(map);
  const auto other_port = np::match_natpmp_map(*map, {np::IpProtocol::tcp, 6882, 0, 7200});
  BOOST_TEST((other_port.error() == np::errc::request_mismatch));
  const auto other_protocol = np::match_natpmp_map(*map, {np::IpProtocol::udp, 6881, 0, 7200});
  BOOST_TEST((other_protocol.error() == np::errc::request_mismatch));
}

BOOST_AUTO_TEST_SUITE_END()
