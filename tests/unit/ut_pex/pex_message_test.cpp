// decode_pex_message / encode_pex_message: hand-written bytes decode to what they say, a
// round trip keeps every field, and each class of bad input is its own error.
#include <boost/test/unit_test.hpp>

#include "pex_errc.hpp"
#include "pex_limits.hpp"
#include "pex_message.hpp"
#include "pex_test_util.hpp"

namespace {

using namespace pex_test;
namespace px = corrent::pex;

px::errc error_of(std::string_view payload) {
  const auto r = px::decode_pex_message(bytes(payload));
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.error().code.category().name() == std::string("corrent.pex"));
  return static_cast<px::errc>(r.error().code.value());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pex_message)

BOOST_AUTO_TEST_CASE(hand_written_ipv4_message) {
  const std::string added = compact4(1, 6881) + compact4(2, 51413);
  const std::string payload = "d5:added" + bstr(added) + "7:added.f" + bstr(std::string{'\x02', '\x10'}) + "7:dropped" +
                              bstr(compact4(9, 1)) + "e";
  const auto m = px::decode_pex_message(bytes(payload));
  BOOST_REQUIRE(m);
  BOOST_REQUIRE_EQUAL(m->added.size(), 2u);
  BOOST_TEST((m->added[0] == px::AddedPeer{v4(1, 6881), px::kFlagSeed}));
  BOOST_TEST((m->added[1] == px::AddedPeer{v4(2, 51413), px::kFlagReachable}));
  BOOST_REQUIRE_EQUAL(m->dropped.size(), 1u);
  BOOST_TEST((m->dropped[0] == v4(9, 1)));
}

BOOST_AUTO_TEST_CASE(round_trip_ipv4_and_ipv6_with_flags) {
  px::PexMessage m;
  m.added = {{v4(1, 1000), px::kFlagSeed}, {v4(2, 2000), 0}, {v6(3, 3000), px::kFlagSeed | px::kFlagReachable}};
  m.dropped = {v4(7, 7000), v6(8, 8000), v6(9, 9000)};
  const std::string wire = px::encode_pex_message(m);
  // libtorrent reads each family from its own key: check they are there, not only that we
  // read ourselves back.
  BOOST_TEST(wire.find("6:added6") != std::string::npos);
  BOOST_TEST(wire.find("8:added6.f") != std::string::npos);
  BOOST_TEST(wire.find("8:dropped6" + std::to_string(2 * px::kCompactV6Size) + ":") != std::string::npos);
  const auto back = px::decode_pex_message(bytes(wire));
  BOOST_REQUIRE(back);
  BOOST_TEST((*back == m));
}

BOOST_AUTO_TEST_CASE(empty_message_and_absent_keys) {
  const auto empty = px::decode_pex_message(bytes(px::encode_pex_message({})));
  BOOST_REQUIRE(empty);
  BOOST_TEST(empty->empty());
  const auto bare = px::decode_pex_message(bytes("de"));
  BOOST_REQUIRE(bare);
  BOOST_TEST(bare->empty());
}

BOOST_AUTO_TEST_CASE(flags_are_optional_and_unknown_keys_ignored) {
  const std::string payload = "d5:added" + bstr(compact4(4, 4)) + "1:xli1ei2ee3:zzzi5ee";
  const auto m = px::decode_pex_message(bytes(payload));
  BOOST_REQUIRE(m);
  BOOST_REQUIRE_EQUAL(m->added.size(), 1u);
  BOOST_TEST((m->added[0] == px::AddedPeer{v4(4, 4), 0}));
}

BOOST_AUTO_TEST_CASE(not_bencode) {
  BOOST_TEST((error_of("") == px::errc::bad_bencode));
  BOOST_TEST((error_of("d5:added") == px::errc::bad_bencode));
  BOOST_TEST((error_of("d5:added0:etrailing") == px::errc::bad_bencode));
}

BOOST_AUTO_TEST_CASE(not_a_dict) {
  BOOST_TEST((error_of("le") == px::errc::not_dict));
  BOOST_TEST((error_of("i6e") == px::errc::not_dict));
  BOOST_TEST((error_of("5:added") == px::errc::not_dict));
}

BOOST_AUTO_TEST_CASE(known_key_of_the_wrong_type) {
  for (const char* key : {"5:added", "7:added.f", "6:added6", "8:added6.f", "7:dropped", "8:dropped6"}) {
    BOOST_TEST_CONTEXT(key) {
      BOOST_TEST((error_of(std::string("d") + key + "i1ee") == px::errc::wrong_type));
      BOOST_TEST((error_of(std::string("d") + key + "lee") == px::errc::wrong_type));
    }
  }
}

BOOST_AUTO_TEST_CASE(compact_lists_of_partial_entries) {
  BOOST_TEST((error_of("d5:added5:abcdee") == px::errc::bad_compact_length));
  BOOST_TEST((error_of("d5:added7:abcdefge") == px::errc::bad_compact_length));
  BOOST_TEST((error_of("d7:dropped1:xe") == px::errc::bad_compact_length));
  // 6 bytes are a whole IPv4 entry but not an IPv6 one.
  BOOST_TEST((error_of("d6:added66:abcdefe") == px::errc::bad_compact_length));
  BOOST_TEST((error_of("d8:dropped6" + bstr(std::string(17, 'x')) + "e") == px::errc::bad_compact_length));
  BOOST_TEST(px::decode_pex_message(bytes("d8:dropped6" + bstr(std::string(36, 'x')) + "e")).has_value());
}

BOOST_AUTO_TEST_CASE(flags_not_one_byte_per_peer) {
  const std::string two = compact4(1, 1) + compact4(2, 2);
  BOOST_TEST((error_of("d5:added" + bstr(two) + "7:added.f1:\x02" "e") == px::errc::flags_mismatch));
  BOOST_TEST((error_of("d5:added" + bstr(two) + "7:added.f3:abce") == px::errc::flags_mismatch));
  BOOST_TEST((error_of("d7:added.f1:xe") == px::errc::flags_mismatch));  // flags without peers
  BOOST_TEST((error_of("d6:added60:8:added6.f1:xe") == px::errc::flags_mismatch));
}

// "d1:x<len>:<len bytes>e", exactly `total` bytes long.
std::string padded_message(std::size_t total) {
  for (std::size_t len = total - 6; len > total - 30; --len) {  // "d1:x", ":", "e" and the digits
    std::string m = "d1:x" + bstr(std::string(len, 'a')) + "e";
    if (m.size() == total) return m;
  }
  BOOST_FAIL("no padding fits");
  return {};
}

BOOST_AUTO_TEST_CASE(size_at_and_past_the_limit) {
  const std::string at = padded_message(px::kMaxPexMessageSize);
  BOOST_TEST(px::decode_pex_message(bytes(at)).has_value());
  const std::string over = padded_message(px::kMaxPexMessageSize + 1);
  BOOST_TEST((error_of(over) == px::errc::message_too_large));
}

BOOST_AUTO_TEST_CASE(nesting_and_token_bombs) {
  std::string deep = "d1:x";
  for (std::size_t i = 0; i < px::kPexMaxDepth; ++i) deep += "l";
  for (std::size_t i = 0; i < px::kPexMaxDepth; ++i) deep += "e";
  deep += "e";
  BOOST_TEST((error_of(deep) == px::errc::bad_bencode));  // depth kPexMaxDepth + 1
  std::string many = "d1:xl";
  for (std::size_t i = 0; i < px::kPexMaxTokens; ++i) many += "i1e";
  many += "ee";
  BOOST_TEST((error_of(many) == px::errc::bad_bencode));
}

BOOST_AUTO_TEST_SUITE_END()
