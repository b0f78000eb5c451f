#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <unordered_set>

#include "corrent/core/peer_id.hpp"

namespace {

using namespace std::string_literals;

/// A peer id from a prefix, filled up to 20 bytes with `fill`.
corrent::PeerId id_of(std::string_view prefix, char fill = 'x') {
  std::string raw(prefix);
  raw.resize(20, fill);
  return corrent::PeerId::from_bytes(raw).value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(core_peer_id)

BOOST_AUTO_TEST_CASE(made_ids_follow_bep_20_azureus_style) {
  const corrent::PeerId id = corrent::make_peer_id();
  const std::string_view raw = id.view();
  BOOST_TEST(raw.size() == 20U);
  BOOST_TEST(raw.substr(0, 8) == "-CR0100-");
  BOOST_TEST(raw.substr(0, 8) == corrent::kPeerIdPrefix);
  const std::string_view tail = raw.substr(8);
  BOOST_TEST(std::all_of(tail.begin(), tail.end(),
                         [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }));
}

BOOST_AUTO_TEST_CASE(made_ids_differ) {
  std::unordered_set<corrent::PeerId> ids;
  for (int i = 0; i < 100; ++i) ids.insert(corrent::make_peer_id());
  BOOST_TEST(ids.size() == 100U);  // 62^12 choices: a repeat means no randomness
}

BOOST_AUTO_TEST_CASE(from_bytes_needs_exactly_20_bytes) {
  BOOST_TEST(!corrent::PeerId::from_bytes(std::string(19, 'a')).has_value());
  BOOST_TEST(!corrent::PeerId::from_bytes(std::string(21, 'a')).has_value());
  const auto id = corrent::PeerId::from_bytes("-qB4520-abcdefghijkl");
  BOOST_REQUIRE(id.has_value());
  BOOST_TEST(id->view() == "-qB4520-abcdefghijkl");
  BOOST_TEST(id->bytes[1] == 'q');
}

BOOST_AUTO_TEST_CASE(ids_order_bytewise) {
  BOOST_TEST((id_of("-AA") < id_of("-AB")));
  // Every byte counts, the last one too.
  BOOST_TEST((id_of("-AA", 'x') < id_of("-AA", 'y')));
  BOOST_TEST((id_of("-AA", 'x') != id_of("-AA", 'y')));
}

BOOST_AUTO_TEST_CASE(describes_our_own_ids) {
  BOOST_TEST(corrent::describe_peer_id(corrent::make_peer_id()) == "corrent 0.1.0");
}

BOOST_AUTO_TEST_CASE(describes_common_azureus_style_clients) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"-LT2080-", "libtorrent (Rasterbar) 2.0.8"},
      {"-LT12J0-", "libtorrent (Rasterbar) 1.2.19"},
      {"-lt0D80-", "libTorrent (Rakshasa) 0.13.8"},
      {"-qB4520-", "qBittorrent 4.5.2"},
      {"-qB45A0-", "qBittorrent 4.5.10"},
      {"-TR4000-", "Transmission 4.0.0"},
      {"-TR4050-", "Transmission 4.0.5"},
      {"-TR3000-", "Transmission 3.00"},
      {"-TR0072-", "Transmission 0.72"},
      {"-AZ5770-", "Vuze 5.7.7.0"},
      {"-BI3600-", "BiglyBT 3.6.0.0"},
      {"-DE2110-", "Deluge 2.1.1"},
      {"-UT355W-", "\xC2\xB5Torrent 3.5.5"},
      {"-BC0150-", "BitComet"},
      {"-KT5200-", "KTorrent 5.2.0"},
  };
  for (const auto& [prefix, name] : cases) {
    BOOST_TEST_CONTEXT("prefix " << prefix) {
      BOOST_TEST(corrent::describe_peer_id(id_of(prefix)) == name);
    }
  }
}

BOOST_AUTO_TEST_CASE(known_code_with_unreadable_version_gives_the_name_only) {
  BOOST_TEST(corrent::describe_peer_id(id_of("-LT2?80-")) == "libtorrent (Rasterbar)");
  BOOST_TEST(corrent::describe_peer_id(id_of("-TRa000-")) == "Transmission");
}

BOOST_AUTO_TEST_CASE(describes_shadow_style_clients) {
  BOOST_TEST(corrent::describe_peer_id(id_of("T03I-----")) == "BitTornado 0.3.18");
  BOOST_TEST(corrent::describe_peer_id(id_of("S58B-----")) == "Shad0w 5.8.11");
  BOOST_TEST(corrent::describe_peer_id(id_of("A310--001")) == "A310--001xxxxxxxxxxx");
  BOOST_TEST(corrent::describe_peer_id(id_of("T03-I----")) == "T03-I----xxxxxxxxxxx");
}

BOOST_AUTO_TEST_CASE(unknown_ids_are_escaped_printably) {
  BOOST_TEST(corrent::describe_peer_id(id_of("-ZZ1234-")) == "-ZZ1234-xxxxxxxxxxxx");
  BOOST_TEST(corrent::describe_peer_id(id_of("-LT2080+")) == "-LT2080+xxxxxxxxxxxx");
  const std::string binary = "\x00\x01\x7f\xff\\ab"s;
  BOOST_TEST(corrent::describe_peer_id(id_of(binary, 'z')) ==
             "\\x00\\x01\\x7f\\xff\\\\ab" + std::string(13, 'z'));
}

BOOST_AUTO_TEST_SUITE_END()
