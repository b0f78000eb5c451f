// Announce and scrape URLs: BEP 3 percent-encoding of binary fields, existing query
// parameters kept, and BEP 48's announce -> scrape rule.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "corrent/plugins/tracker_http/announce_url.hpp"

namespace {

namespace tr = corrent::tracker;
namespace http = corrent::tracker_http;

tr::AnnounceRequest sample_request() {
  tr::AnnounceRequest r;
  const std::string hash = "\x12\x34\x56\x78\x9a\xbc\xde\xf1\x23\x45\x67\x89\xab\xcd\xef\x12\x34\x56\x78\x9a";
  r.info_hash = *corrent::metainfo::InfoHash::from_bytes(hash);
  r.peer_id = *corrent::PeerId::from_bytes("-CR0100-abcdefghij~.");
  r.port = 6881;
  r.uploaded = 1;
  r.downloaded = 2;
  r.left = 3;
  r.key = 0xdeadbeef;
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(announce_url)

BOOST_AUTO_TEST_CASE(binary_info_hash_vector) {
  // The worked example of the BitTorrent specification (wiki.theory.org).
  const std::string hash = "\x12\x34\x56\x78\x9a\xbc\xde\xf1\x23\x45\x67\x89\xab\xcd\xef\x12\x34\x56\x78\x9a";
  BOOST_TEST(http::percent_encode(hash) == "%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx%9A");
  BOOST_TEST(http::percent_encode(std::string("a b/&=%\0", 8)) == "a%20b%2F%26%3D%25%00");
  BOOST_TEST(http::percent_encode("AZaz09-._~") == "AZaz09-._~");
}

BOOST_AUTO_TEST_CASE(every_parameter_in_order) {
  auto r = sample_request();
  r.event = tr::AnnounceEvent::started;
  r.numwant = 50;
  r.tracker_id = "id 1";
  BOOST_TEST(http::build_announce_url("http://t.example/announce", r) ==
             "http://t.example/announce?info_hash=%124Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%124Vx%9A"
             "&peer_id=-CR0100-abcdefghij~.&port=6881&uploaded=1&downloaded=2&left=3&compact=1"
             "&event=started&numwant=50&key=DEADBEEF&trackerid=id%201");
}

BOOST_AUTO_TEST_CASE(existing_query_is_kept_and_fragment_dropped) {
  const auto r = sample_request();
  const auto url = http::build_announce_url("http://t.example/a?passkey=xyz#frag", r);
  BOOST_TEST(url.rfind("http://t.example/a?passkey=xyz&info_hash=", 0) == 0u);
  BOOST_TEST(url.find('#') == std::string::npos);
  BOOST_TEST(url.find("event=") == std::string::npos);  // none: no event parameter
  BOOST_TEST(url.find("numwant=") == std::string::npos);
  const auto trailing = http::build_announce_url("http://t.example/a?x=1&", r);
  BOOST_TEST(trailing.find("x=1&info_hash=") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(scrape_rule_of_bep48) {
  BOOST_TEST(*http::scrape_url("http://t.example/announce") == "http://t.example/scrape");
  BOOST_TEST(*http::scrape_url("http://t.example/x/announce?passkey=1") == "http://t.example/x/scrape?passkey=1");
  BOOST_TEST(*http::scrape_url("http://t.example/announce.php") == "http://t.example/scrape.php");
  BOOST_TEST(*http::scrape_url("http://t.example:8080/x/announce_2") == "http://t.example:8080/x/scrape_2");
  BOOST_TEST(!http::scrape_url("http://t.example/a").has_value());
  BOOST_TEST(!http::scrape_url("http://t.example/announce/x").has_value());
  BOOST_TEST(!http::scrape_url("http://t.example/x/Announce").has_value());
  BOOST_TEST(!http::scrape_url("http://t.example/xannounce").has_value());
  BOOST_TEST(!http::scrape_url("http://t.example?announce").has_value());
  BOOST_TEST(!http::scrape_url("http://t.example").has_value());
  BOOST_TEST(!http::scrape_url("not a url").has_value());
}

BOOST_AUTO_TEST_CASE(scrape_url_with_hashes) {
  const std::vector<corrent::metainfo::InfoHash> hashes{
      *corrent::metainfo::InfoHash::from_bytes(std::string(20, 'a')),
      *corrent::metainfo::InfoHash::from_bytes(std::string(20, '\xff'))};
  BOOST_TEST(http::build_scrape_url("http://t.example/scrape?k=1", hashes) ==
             "http://t.example/scrape?k=1&info_hash=" + std::string(20, 'a') + "&info_hash=" +
                 [] { std::string s; for (int i = 0; i < 20; ++i) s += "%FF"; return s; }());
}

BOOST_AUTO_TEST_SUITE_END()
