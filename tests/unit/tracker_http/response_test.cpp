// The HTTP tracker reply parser: every field, and one test per class of bad input.
#include <boost/test/unit_test.hpp>

#include <string>

#include "corrent/plugins/tracker_http/limits.hpp"
#include "corrent/plugins/tracker_http/response.hpp"
#include "corrent/tracker/errc.hpp"
#include "corrent/tracker/limits.hpp"
#include "support/require_error.hpp"

using corrent::test::error_of;

namespace {

namespace tr = corrent::tracker;
namespace http = corrent::tracker_http;
using corrent::net::Endpoint;

std::string bstr(const std::string& s) { return std::to_string(s.size()) + ":" + s; }

// n compact IPv4 peers 10.0.x.y:6881.
std::string compact_peers(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += std::string{'\x0a', '\x00', static_cast<char>(i >> 8), static_cast<char>(i & 0xff), '\x1a', '\xe1'};
  }
  return out;
}

tr::AnnounceResponse parsed(const std::string& body) {
  auto r = http::parse_announce_response(body);
  BOOST_REQUIRE_MESSAGE(r, (r ? std::string() : r.error().text()));
  return *r;
}

tr::TrackerError failed(const std::string& body) {
  auto r = http::parse_announce_response(body);
  BOOST_REQUIRE_MESSAGE(!r, "should not parse: " << body.substr(0, 80));
  return r.error();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_tracker_response)

BOOST_AUTO_TEST_CASE(compact_reply_with_every_field) {
  const std::string ext{'\xc0', '\xa8', '\x01', '\x02'};
  const auto r = parsed("d8:completei5e10:incompletei3e8:intervali1800e12:min intervali60e" +
                        bstr("peers") + bstr(compact_peers(2)) + "10:tracker id3:abc" +
                        "15:warning message4:slow" + "11:external ip" + bstr(ext) + "e");
  BOOST_TEST(r.interval.count() == 1800);
  BOOST_TEST(r.min_interval->count() == 60);
  BOOST_TEST(*r.complete == 5u);
  BOOST_TEST(*r.incomplete == 3u);
  BOOST_TEST(*r.tracker_id == "abc");
  BOOST_TEST(*r.warning == "slow");
  BOOST_TEST(r.external_ip->to_string() == "192.168.1.2:0");
  BOOST_REQUIRE(r.peers.size() == 2u);
  BOOST_TEST(r.peers[0].to_string() == "10.0.0.0:6881");
  BOOST_TEST(r.peers[1].to_string() == "10.0.0.1:6881");
  BOOST_TEST((r.peers_form == tr::PeerListForm::compact));
  BOOST_TEST(r.peer_ids.empty());
}

BOOST_AUTO_TEST_CASE(dictionary_peers_skip_unusable_entries) {
  const auto r = parsed(
      "d8:intervali900e5:peersl"
      "d2:ip8:10.0.0.17:peer id20:aaaaaaaaaaaaaaaaaaaa4:porti6881ee"
      "d2:ip3:::14:porti51413ee"
      "d2:ip11:example.com4:porti80ee"  // a host name: not resolved, skipped
      "d2:ip8:10.0.0.24:porti0ee"       // port 0
      "d2:ip8:10.0.0.34:porti70000ee"   // port out of range
      "d4:porti1ee"                     // no ip
      "i5e"                             // not a dict
      "ee");
  BOOST_REQUIRE(r.peers.size() == 2u);
  BOOST_TEST(r.peers[0].to_string() == "10.0.0.1:6881");
  BOOST_TEST(r.peers[1].to_string() == "[::1]:51413");
  // Each kept peer's id, in the same order; one that gave none has an empty id.
  BOOST_TEST((r.peers_form == tr::PeerListForm::dictionary));
  BOOST_REQUIRE(r.peer_ids.size() == 2u);
  BOOST_TEST(r.peer_ids[0] == std::string(20, 'a'));
  BOOST_TEST(r.peer_ids[1].empty());
}

BOOST_AUTO_TEST_CASE(peers6_are_appended) {
  std::string six(16, '\0');
  six[15] = 1;
  six += std::string{'\x1a', '\xe1'};
  const auto r = parsed("d8:intervali60e5:peers" + bstr(compact_peers(1)) + "6:peers6" + bstr(six) + "e");
  BOOST_REQUIRE(r.peers.size() == 2u);
  BOOST_TEST(r.peers[1].to_string() == "[::1]:6881");
}

BOOST_AUTO_TEST_CASE(failure_reason_wins) {
  const auto e = failed("d14:failure reason17:torrent not found8:intervali60ee");
  BOOST_TEST((e.code == tr::errc::tracker_failure));
  BOOST_TEST(e.message == "torrent not found");
  BOOST_TEST(e.text() == "tracker failure: torrent not found");
  BOOST_TEST((failed("d14:failure reasoni5ee").code == tr::errc::bad_response));
}

BOOST_AUTO_TEST_CASE(garbage_and_non_dicts_are_bad_responses) {
  for (const std::string body : {"", "<html>nope</html>", "i5e", "l4:spame", "d8:interval", "d5:peersi5ee"}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST((failed(body).code == tr::errc::bad_response)); }
  }
  // The bencode reason and offset are kept for people.
  BOOST_TEST(failed("d8:intervalxe").message.find("at byte") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(truncated_compact_list_is_refused_whole) {
  const auto e = failed("d8:intervali60e5:peers" + bstr(compact_peers(3).substr(0, 17)) + "e");
  BOOST_TEST((e.code == tr::errc::truncated_peers));
  const auto e6 = failed("d8:intervali60e6:peers6" + bstr(std::string(19, 'x')) + "e");
  BOOST_TEST((e6.code == tr::errc::truncated_peers));
}

BOOST_AUTO_TEST_CASE(intervals_are_clamped) {
  BOOST_TEST((parsed("d8:intervali0ee").interval == tr::kDefaultInterval));
  BOOST_TEST((parsed("d8:intervali-5ee").interval == tr::kDefaultInterval));
  BOOST_TEST((parsed("de").interval == tr::kDefaultInterval));
  BOOST_TEST((parsed("d8:intervali99999999999ee").interval == tr::kMaxInterval));
  BOOST_TEST(parsed("d8:intervali86400ee").interval.count() == 86400);
  BOOST_TEST(parsed("d8:intervali60e12:min intervali0ee").min_interval->count() == 1);
  // Counts that do not fit 32 bits are dropped, not wrapped.
  BOOST_TEST(!parsed("d8:completei-1e10:incompletei4294967296ee").complete.has_value());
  BOOST_TEST(*parsed("d10:incompletei4294967295ee").incomplete == 4294967295u);
}

BOOST_AUTO_TEST_CASE(peers_past_the_limit_are_ignored) {
  const auto at = parsed("d5:peers" + bstr(compact_peers(tr::kMaxPeersPerResponse)) + "e");
  BOOST_TEST(at.peers.size() == tr::kMaxPeersPerResponse);
  const auto past = parsed("d5:peers" + bstr(compact_peers(tr::kMaxPeersPerResponse + 1)) + "e");
  BOOST_TEST(past.peers.size() == tr::kMaxPeersPerResponse);
}

BOOST_AUTO_TEST_CASE(oversize_body_is_refused) {
  // "d3:pad<L>:<L bytes>e" of exactly `size` bytes.
  const auto padded = [](std::size_t size) {
    for (std::size_t digits = 1; digits < 10; ++digits) {
      const std::size_t length = size - 6 - digits - 2;
      if (std::to_string(length).size() == digits) {
        return "d3:pad" + std::to_string(length) + ":" + std::string(length, 'x') + "e";
      }
    }
    return std::string();
  };
  const std::string at = padded(http::kMaxResponseSize);
  BOOST_REQUIRE(at.size() == http::kMaxResponseSize);
  BOOST_TEST(http::parse_announce_response(at).has_value());
  const std::string past = padded(http::kMaxResponseSize + 1);
  BOOST_REQUIRE(past.size() == http::kMaxResponseSize + 1);
  BOOST_TEST((failed(past).code == tr::errc::response_too_large));
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused) {
  const std::string deep = "d1:x" + std::string(http::kMaxDecodeDepth, 'l') + std::string(http::kMaxDecodeDepth, 'e') + "e";
  BOOST_TEST((failed(deep).code == tr::errc::bad_response));
  const std::string ok = "d1:x" + std::string(http::kMaxDecodeDepth - 1, 'l') +
                         std::string(http::kMaxDecodeDepth - 1, 'e') + "e";
  BOOST_TEST(http::parse_announce_response(ok).has_value());
  BOOST_TEST((failed(std::string(1'000'000, 'l') + std::string(1'000'000, 'e')).code ==
              tr::errc::response_too_large));
}

BOOST_AUTO_TEST_CASE(scrape_reply) {
  const std::string h1(20, 'a');
  const std::string h2(20, 'b');
  auto r = http::parse_scrape_response("d5:filesd" + bstr(h1) + "d8:completei5e10:downloadedi50e10:incompletei10ee" +
                                     bstr(h2) + "d8:completei1ee" + "3:bad" + "d8:completei1eeee");
  BOOST_REQUIRE(r);
  BOOST_REQUIRE(r->files.size() == 2u);
  BOOST_TEST(r->files[0].first.view() == h1);
  BOOST_TEST((r->files[0].second == tr::ScrapeEntry{5, 50, 10}));
  BOOST_TEST((r->files[1].second == tr::ScrapeEntry{1, 0, 0}));
  BOOST_TEST((error_of(http::parse_scrape_response("d14:failure reason4:nopee")).code == tr::errc::tracker_failure));
  BOOST_TEST((error_of(http::parse_scrape_response("d5:filesi1ee")).code == tr::errc::bad_response));
  BOOST_TEST((error_of(http::parse_scrape_response("garbage")).code == tr::errc::bad_response));
}

BOOST_AUTO_TEST_SUITE_END()
