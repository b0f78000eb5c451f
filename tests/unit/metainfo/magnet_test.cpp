#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "corrent/metainfo/limits.hpp"
#include "corrent/metainfo/magnet.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "torrent_builder.hpp"

namespace mi = corrent::metainfo;
using corrent::FileIndex;
using mi::magnet_errc;

namespace {

const std::string kHex = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";
const std::string kBase32 = "YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK";  // the same 20 bytes

mi::Magnet parse(std::string_view uri) {
  auto r = mi::parse_magnet(uri);
  BOOST_REQUIRE_MESSAGE(r, uri << ": " << corrent::test::why(r));
  return *r;
}

void expect_error(std::string_view uri, magnet_errc code) {
  auto r = mi::parse_magnet(uri);
  BOOST_REQUIRE_MESSAGE(!r, "parsed, but should not have: " << uri);
  BOOST_TEST(r.error().code == std::error_code(code), uri << ": got " << r.error().code.message());
}

void expect_round_trip(const mi::Magnet& m) {
  const std::string uri = mi::to_uri(m);
  auto again = mi::parse_magnet(uri);
  BOOST_REQUIRE_MESSAGE(again, uri << ": " << corrent::test::why(again));
  BOOST_TEST((*again == m), uri);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(magnet)

BOOST_AUTO_TEST_CASE(btih_hex_and_base32) {
  const auto hex = parse("magnet:?xt=urn:btih:" + kHex);
  BOOST_REQUIRE(hex.info_hash);
  BOOST_TEST(hex.info_hash->hex() == kHex);
  const auto upper = parse("MAGNET:?xt=URN:BTIH:" + std::string("C12FE1C06BBA254A9DC9F519B335AA7C1367A88A"));
  BOOST_TEST((upper.info_hash == hex.info_hash));
  const auto b32 = parse("magnet:?xt=urn:btih:" + kBase32);
  BOOST_TEST((b32.info_hash == hex.info_hash));
  BOOST_TEST(hex.info_hash->base32() == kBase32);
}

BOOST_AUTO_TEST_CASE(a_bare_info_hash_is_a_magnet_with_nothing_else) {
  const std::string hex = "c508de0ef52e00b48639b1374ac7877c13b53d7b";
  auto from_hex = mi::parse_magnet_or_info_hash(hex);
  BOOST_REQUIRE(from_hex);
  BOOST_TEST(from_hex->info_hash->hex() == hex);
  BOOST_TEST(from_hex->trackers.empty());
  auto from_base32 = mi::parse_magnet_or_info_hash(from_hex->info_hash->base32());
  BOOST_REQUIRE(from_base32);
  BOOST_TEST((from_base32->info_hash == from_hex->info_hash));
  auto uri = mi::parse_magnet_or_info_hash("magnet:?xt=urn:btih:" + hex + "&tr=udp://t:1");
  BOOST_REQUIRE(uri);
  BOOST_TEST(uri->trackers.size() == 1u);
  for (const char* bad : {"", "c508de0ef52e00b48639b1374ac7877c13b53d7", "zz08de0ef52e00b48639b1374ac7877c13b53d7b",
                          "file.torrent"}) {
    auto r = mi::parse_magnet_or_info_hash(bad);
    BOOST_TEST_CONTEXT(bad) {
      BOOST_REQUIRE(!r);
      BOOST_TEST((r.error().code == magnet_errc::not_a_magnet));
    }
  }
}

BOOST_AUTO_TEST_CASE(btmh_is_kept) {
  const std::string mh = "1220" + std::string(64, 'A');
  const auto m = parse("magnet:?xt=urn:btmh:" + mh);
  BOOST_TEST(!m.info_hash);
  BOOST_TEST(*m.info_hash_v2 == "1220" + std::string(64, 'a'));
  const auto hybrid = parse("magnet:?xt=urn:btih:" + kHex + "&xt=urn:btmh:" + mh);
  BOOST_TEST(hybrid.info_hash.has_value());
  BOOST_TEST(hybrid.info_hash_v2.has_value());
}

BOOST_AUTO_TEST_CASE(all_parameters) {
  const auto m = parse("magnet:?xt=urn:btih:" + kHex +
                       "&dn=My+Show%20S01&tr=http%3A%2F%2Fa%2Fannounce&tr=udp://b:80&tr=http%3A%2F%2Fa%2Fannounce"
                       "&ws=http://seed/f&xl=12345&x.pe=10.0.0.1:6881&x.pe=[::1]:6881&so=0,2,4-6&foo=bar&novalue");
  BOOST_TEST(m.display_name == "My Show S01");
  BOOST_TEST((m.trackers == std::vector<std::string>{"http://a/announce", "udp://b:80"}));
  BOOST_TEST((m.web_seeds == std::vector<std::string>{"http://seed/f"}));
  BOOST_TEST(*m.exact_length == 12345u);
  BOOST_TEST((m.peers == std::vector<std::string>{"10.0.0.1:6881", "[::1]:6881"}));
  const std::vector<std::pair<FileIndex, FileIndex>> so{
      {FileIndex{0}, FileIndex{0}}, {FileIndex{2}, FileIndex{2}}, {FileIndex{4}, FileIndex{6}}};
  BOOST_TEST((m.select_only == so));
}

BOOST_AUTO_TEST_CASE(display_name_is_made_safe) {
  const auto m = parse("magnet:?xt=urn:btih:" + kHex + "&dn=..%2F..%2Fetc%00x");
  BOOST_TEST(m.display_name == ".._.._etcx");
  BOOST_TEST(parse("magnet:?xt=urn:btih:" + kHex + "&dn=a%2Bb").display_name == "a+b");
}

BOOST_AUTO_TEST_CASE(tracker_with_line_breaks_is_dropped) {
  const auto m = parse("magnet:?xt=urn:btih:" + kHex + "&tr=http://a/%0D%0AHost:x&tr=%20http://b/%20");
  BOOST_TEST((m.trackers == std::vector<std::string>{"http://b/"}));
}

BOOST_AUTO_TEST_CASE(errors) {
  expect_error("http://example.com/", magnet_errc::not_a_magnet);
  expect_error("magnet:", magnet_errc::not_a_magnet);
  expect_error("magnet:?dn=x", magnet_errc::missing_info_hash);
  expect_error("magnet:?xt=urn:sha1:abc", magnet_errc::missing_info_hash);
  expect_error("magnet:?xt=urn:btih:" + kHex.substr(1), magnet_errc::invalid_info_hash);
  expect_error("magnet:?xt=urn:btih:" + kHex.substr(0, 39) + "g", magnet_errc::invalid_info_hash);
  expect_error("magnet:?xt=urn:btih:" + kBase32.substr(1), magnet_errc::invalid_info_hash);
  expect_error("magnet:?xt=urn:btih:" + kBase32.substr(1) + "1", magnet_errc::invalid_info_hash);
  expect_error("magnet:?xt=urn:btmh:12zz", magnet_errc::invalid_info_hash);
  expect_error("magnet:?xt=urn:btih:" + kHex + "&dn=%4", magnet_errc::invalid_escape);
  expect_error("magnet:?xt=urn:btih:" + kHex + "&dn=%zz", magnet_errc::invalid_escape);
  for (const char* so : {"", "a", "1-", "-1", "3-1", "1,,2", "1-2-3", "4294967296", "1 "}) {
    expect_error("magnet:?xt=urn:btih:" + kHex + "&so=" + so, magnet_errc::invalid_select_only);
  }
  for (const char* xl : {"", "-1", "12a", "99999999999999999999999"}) {
    expect_error("magnet:?xt=urn:btih:" + kHex + "&xl=" + xl, magnet_errc::invalid_exact_length);
  }
  const auto e = mi::parse_magnet("magnet:?xt=urn:btih:" + kHex + "&so=x");
  BOOST_REQUIRE(!e);
  BOOST_TEST(e.error().offset == 61u);  // where "so=" starts
}

BOOST_AUTO_TEST_CASE(length_limit) {
  std::string uri = "magnet:?xt=urn:btih:" + kHex + "&dn=";
  uri += std::string(mi::kMaxMagnetLength - uri.size(), 'a');
  BOOST_TEST(mi::parse_magnet(uri).has_value());
  expect_error(uri + "a", magnet_errc::too_long);
}

BOOST_AUTO_TEST_CASE(round_trips) {
  expect_round_trip(parse("magnet:?xt=urn:btih:" + kBase32));
  expect_round_trip(parse("magnet:?xt=urn:btih:" + kHex + "&dn=a%20b%2Bc%26d%3De&tr=http://t/a?x=1%26y=2"
                          "&ws=http://w/%C3%A9&xl=0&x.pe=h:1&so=1,3-3,5-9"));
  expect_round_trip(parse("magnet:?xt=urn:btmh:1220" + std::string(64, 'f') + "&dn=%E6%97%A5"));
  mi::Magnet m;
  m.info_hash = mi::InfoHash::from_hex(kHex);
  m.display_name = "name with spaces & symbols #?";
  m.trackers = {"udp://t:1/announce", "http://u/a?b=c&d=e"};
  m.select_only = {{FileIndex{0}, FileIndex{4}}};
  m.exact_length = 1u << 30;
  expect_round_trip(m);
}

BOOST_AUTO_TEST_CASE(from_a_torrent) {
  using namespace corrent::test;
  bc::Value t = torrent_of(single_info("the name", 5));
  bc::Value tiers = bc::Value::list();
  tiers.push_back(bc::Value(bc::Value::List{bc::Value("http://a/"), bc::Value("http://b/")}));
  tiers.push_back(bc::Value(bc::Value::List{bc::Value("udp://c:1")}));
  t["announce-list"] = tiers;
  t["url-list"] = "http://seed/";
  auto meta = mi::parse_torrent(encoded(t));
  BOOST_REQUIRE(meta);
  const mi::Magnet m = mi::make_magnet(*meta);
  BOOST_TEST((m.info_hash == meta->info_hash));
  BOOST_TEST(m.display_name == "the name");
  BOOST_TEST((m.trackers == std::vector<std::string>{"http://a/", "http://b/", "udp://c:1"}));
  BOOST_TEST((m.web_seeds == std::vector<std::string>{"http://seed/"}));
  const std::string uri = mi::to_uri(m);
  BOOST_TEST(uri == "magnet:?xt=urn:btih:" + meta->info_hash.hex() +
                        "&dn=the%20name&tr=http%3A%2F%2Fa%2F&tr=http%3A%2F%2Fb%2F&tr=udp%3A%2F%2Fc%3A1"
                        "&ws=http%3A%2F%2Fseed%2F");
  expect_round_trip(m);
}

BOOST_AUTO_TEST_SUITE_END()
