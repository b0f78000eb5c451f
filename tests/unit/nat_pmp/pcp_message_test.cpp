// The PCP codec (RFC 6887): the MAP request byte for byte, responses with and without
// options, and one test per class of bad response, at the 1100-byte limit and past it.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <vector>

#include "nat_pmp_errc.hpp"
#include "nat_pmp_limits.hpp"
#include "nat_pmp_test_support.hpp"
#include "pcp_message.hpp"

namespace np = corrent::nat_pmp;
using np::test::Bytes;

namespace {

np::PcpMapRequest request_of(std::uint16_t port = 6881, np::IpProtocol protocol = np::IpProtocol::tcp) {
  np::PcpMapRequest r;
  for (std::uint8_t i = 0; i < 12; ++i) r.nonce[i] = static_cast<std::uint8_t>(0xa0 + i);
  r.protocol = protocol;
  r.internal_port = port;
  r.suggested_external_port = port;
  r.suggested_external_address = np::v4_mapped({});
  r.client_address = np::v4_mapped({192, 168, 1, 20});
  r.lifetime = 7200;
  return r;
}

Bytes encoded(const np::PcpMapRequest& r) {
  const auto a = np::encode_pcp_map_request(r);
  return {a.begin(), a.end()};
}

Bytes good_response() { return np::test::pcp_map_response(encoded(request_of()), 0, 3600, 1000, 7881); }

np::errc parse_error(const Bytes& bytes) {
  const auto parsed = np::parse_pcp_response(bytes);
  BOOST_REQUIRE(!parsed);
  return static_cast<np::errc>(parsed.error().code.value());
}

// An option with `length` bytes of data, padded to 4.
void add_option(Bytes& b, std::uint8_t code, std::uint16_t length) {
  b.push_back(code);
  b.push_back(0);
  b.push_back(static_cast<std::uint8_t>(length >> 8));
  b.push_back(static_cast<std::uint8_t>(length));
  b.resize(b.size() + ((length + 3u) & ~3u), 0);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pcp_message)

BOOST_AUTO_TEST_CASE(the_map_request_is_encoded_as_rfc_6887_says) {
  const auto b = encoded(request_of());
  BOOST_TEST_REQUIRE(b.size() == 60u);
  BOOST_TEST(b[0] == 2);  // version
  BOOST_TEST(b[1] == 1);  // R clear, MAP
  BOOST_TEST(np::test::get32(b, 4) == 7200u);
  const Bytes client(b.begin() + 8, b.begin() + 24);
  const Bytes want_client{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 1, 20};
  BOOST_TEST(client == want_client);
  BOOST_TEST(b[24] == 0xa0);
  BOOST_TEST(b[35] == 0xab);
  BOOST_TEST(b[36] == 6);  // TCP
  BOOST_TEST(np::test::get16(b, 40) == 6881);
  BOOST_TEST(np::test::get16(b, 42) == 6881);
  const Bytes suggested(b.begin() + 44, b.end());
  const Bytes any_v4{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0};
  BOOST_TEST(suggested == any_v4);
  BOOST_TEST(encoded(request_of(6881, np::IpProtocol::udp))[36] == 17);
}

BOOST_AUTO_TEST_CASE(a_response_decodes_and_matches_its_request) {
  const auto r = np::parse_pcp_response(good_response());
  BOOST_REQUIRE(r);
  BOOST_TEST(r->result == 0);
  BOOST_TEST(r->lifetime == 3600u);
  BOOST_TEST(r->epoch == 1000u);
  BOOST_TEST(r->has_map);
  BOOST_TEST(r->external_port == 7881);
  BOOST_TEST(r->internal_port == 6881);
  BOOST_TEST((np::unmap_v4(r->external_address) == std::array<std::uint8_t, 4>{203, 0, 113, 7}));
  BOOST_TEST(np::match_pcp_map(*r, request_of()).has_value());
}

BOOST_AUTO_TEST_CASE(options_are_skipped_within_bounds) {
  auto b = good_response();
  add_option(b, 2, 0);  // PREFER_FAILURE, no data
  add_option(b, 3, 5);  // 5 bytes, padded to 8
  const auto r = np::parse_pcp_response(b);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->options == 2u);
}

BOOST_AUTO_TEST_CASE(a_response_of_1100_bytes_is_read_and_one_longer_is_not) {
  auto b = good_response();
  add_option(b, 3, static_cast<std::uint16_t>(np::kPcpMaxMessageSize - b.size() - 4));
  BOOST_TEST_REQUIRE(b.size() == np::kPcpMaxMessageSize);
  BOOST_TEST(np::parse_pcp_response(b).has_value());
  b.resize(b.size() + 4, 0);
  BOOST_TEST((parse_error(b) == np::errc::too_long));
}

BOOST_AUTO_TEST_CASE(too_many_options_are_refused) {
  auto b = good_response();
  for (std::size_t i = 0; i < np::kPcpMaxOptions; ++i) add_option(b, 2, 0);
  BOOST_TEST(np::parse_pcp_response(b).has_value());
  add_option(b, 2, 0);
  BOOST_TEST((parse_error(b) == np::errc::too_many_options));
}

BOOST_AUTO_TEST_CASE(truncated_options_are_refused) {
  auto b = good_response();
  add_option(b, 3, 8);
  b[b.size() - 8 - 1] = 12;  // the length says 12, 8 follow
  BOOST_TEST((parse_error(b) == np::errc::truncated_option));
}

BOOST_AUTO_TEST_CASE(short_and_unaligned_responses_are_refused) {
  BOOST_TEST((parse_error(Bytes{}) == np::errc::too_short));
  BOOST_TEST((parse_error(Bytes(20, 0)) == np::errc::too_short));
  auto b = good_response();
  b.push_back(0);
  BOOST_TEST((parse_error(b) == np::errc::bad_length));
  b.resize(48);  // a header and half a MAP payload
  BOOST_TEST((parse_error(b) == np::errc::truncated));
  b.resize(24);  // the header alone, saying success
  BOOST_TEST((parse_error(b) == np::errc::truncated));
}

BOOST_AUTO_TEST_CASE(wrong_version_is_refused_unless_it_says_unsupported_version) {
  auto b = good_response();
  b[0] = 3;
  BOOST_TEST((parse_error(b) == np::errc::wrong_version));
  b[3] = np::kPcpUnsuppVersion;  // a server of version 3 tells us it does not speak 2 (§9)
  const auto r = np::parse_pcp_response(b);
  BOOST_REQUIRE(r);
  BOOST_TEST((np::pcp_result_error(r->result) == np::errc::unsupported_version));
  b[0] = 0;  // NAT-PMP's version is not PCP's, whatever the result
  BOOST_TEST((parse_error(b) == np::errc::wrong_version));
}

BOOST_AUTO_TEST_CASE(a_header_only_error_is_read) {
  auto b = good_response();
  b.resize(24);
  b[3] = 2;  // NOT_AUTHORIZED
  const auto r = np::parse_pcp_response(b);
  BOOST_REQUIRE(r);
  BOOST_TEST(!r->has_map);
  BOOST_TEST((np::pcp_result_error(r->result) == np::errc::not_authorized));
  BOOST_TEST(np::match_pcp_map(*r, request_of()).has_value());
}

BOOST_AUTO_TEST_CASE(requests_and_other_opcodes_are_refused) {
  auto b = good_response();
  b[1] = 1;  // R bit clear
  BOOST_TEST((parse_error(b) == np::errc::not_a_response));
  b[1] = 0x80 | 2;  // PEER
  BOOST_TEST((parse_error(b) == np::errc::wrong_opcode));
}

BOOST_AUTO_TEST_CASE(a_response_with_another_nonce_or_port_does_not_match) {
  const auto r = np::parse_pcp_response(good_response());
  BOOST_REQUIRE(r);
  auto other = request_of();
  other.nonce[5] ^= 1;
  BOOST_TEST((np::match_pcp_map(*r, other).error() == np::errc::nonce_mismatch));
  BOOST_TEST((np::match_pcp_map(*r, request_of(6882)).error() == np::errc::request_mismatch));
  BOOST_TEST((np::match_pcp_map(*r, request_of(6881, np::IpProtocol::udp)).error() == np::errc::request_mismatch));
}

BOOST_AUTO_TEST_CASE(result_codes_name_their_errors) {
  BOOST_TEST((np::pcp_result_error(0) == np::errc::ok));
  BOOST_TEST((np::pcp_result_error(1) == np::errc::unsupported_version));
  BOOST_TEST((np::pcp_result_error(2) == np::errc::not_authorized));
  BOOST_TEST((np::pcp_result_error(7) == np::errc::network_failure));
  BOOST_TEST((np::pcp_result_error(8) == np::errc::no_resources));
  BOOST_TEST((np::pcp_result_error(11) == np::errc::cannot_provide_external));
  BOOST_TEST((np::pcp_result_error(200) == np::errc::gateway_error));
}

BOOST_AUTO_TEST_CASE(ipv4_mapped_addresses_round_trip) {
  const std::array<std::uint8_t, 4> v4{10, 1, 2, 3};
  BOOST_TEST((np::unmap_v4(np::v4_mapped(v4)) == v4));
  np::Ip6Bytes v6{};
  v6[0] = 0x20;
  BOOST_TEST(!np::unmap_v4(v6).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
