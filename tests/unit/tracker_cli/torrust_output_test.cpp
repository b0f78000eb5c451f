// corrent-tracker's torrust format: golden tests against the examples of torrust's README
// (torrust-tracker, console/tracker-client/README.md) and its serde types. The same reply
// values give the README's text byte for byte where the README shows serde's pretty
// output, and the same JSON value elsewhere.
#include <boost/test/unit_test.hpp>

#include "torrust_output.hpp"
#include "tracker_cli.hpp"

namespace corrent::tracker_cli {
namespace {

using Ordered = nlohmann::ordered_json;

metainfo::InfoHash readme_hash() { return *metainfo::InfoHash::from_hex("9c38422213e30bff212b30c360d26f9a02136422"); }

// torrust's client sends -888840697 as its transaction id: 3406126599 unsigned.
constexpr std::uint32_t kReadmeTransaction = 3406126599u;

tracker::AnnounceResponse readme_announce() {
  tracker::AnnounceResponse reply;
  reply.interval = std::chrono::seconds(120);
  reply.min_interval = std::chrono::seconds(120);
  reply.complete = 1;
  reply.incomplete = 0;
  return reply;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(torrust_output)

BOOST_AUTO_TEST_CASE(udp_announce_is_the_readme_text) {
  auto reply = readme_announce();
  reply.transaction_id = kReadmeTransaction;
  const std::string readme =
      "{\n"
      "  \"AnnounceIpv4\": {\n"
      "    \"transaction_id\": -888840697,\n"
      "    \"announce_interval\": 120,\n"
      "    \"leechers\": 0,\n"
      "    \"seeders\": 1,\n"
      "    \"peers\": []\n"
      "  }\n"
      "}";
  BOOST_TEST(torrust_udp_announce_json(reply, false).dump(2) == readme);
  // One line, as torrust's --format compact prints it.
  BOOST_TEST(torrust_udp_announce_json(reply, false).dump() ==
             R"({"AnnounceIpv4":{"transaction_id":-888840697,"announce_interval":120,"leechers":0,"seeders":1,"peers":[]}})");
}

BOOST_AUTO_TEST_CASE(udp_announce_peers_and_ipv6) {
  auto reply = readme_announce();
  reply.transaction_id = 7;
  reply.peers = {net::Endpoint::v4({123, 123, 123, 123}, 51289)};
  const auto v4 = torrust_udp_announce_json(reply, false);
  BOOST_TEST(v4["AnnounceIpv4"]["peers"] == Ordered::array({"123.123.123.123:51289"}));
  // IPv6 peers as Rust's Ipv6Addr and port: no brackets.
  reply.peers = {*net::Endpoint::parse("[::1]:6881")};
  BOOST_TEST(udp_reply_is_ipv6("udp://127.0.0.1:6969", reply));
  const auto v6 = torrust_udp_announce_json(reply, true);
  BOOST_TEST(v6.contains("AnnounceIpv6"));
  BOOST_TEST(v6["AnnounceIpv6"]["peers"] == Ordered::array({"::1:6881"}));
  reply.peers.clear();
  BOOST_TEST(!udp_reply_is_ipv6("udp://127.0.0.1:6969", reply));
  BOOST_TEST(udp_reply_is_ipv6("udp://[::1]:6969", reply));
}

BOOST_AUTO_TEST_CASE(udp_scrape_is_the_readme_text_in_request_order) {
  tracker::ScrapeResponse reply;
  reply.transaction_id = kReadmeTransaction;
  reply.files.emplace_back(readme_hash(), tracker::ScrapeEntry{1, 0, 0});
  const std::string readme =
      "{\n"
      "  \"Scrape\": {\n"
      "    \"transaction_id\": -888840697,\n"
      "    \"torrent_stats\": [\n"
      "      {\n"
      "        \"seeders\": 1,\n"
      "        \"completed\": 0,\n"
      "        \"leechers\": 0\n"
      "      }\n"
      "    ]\n"
      "  }\n"
      "}";
  BOOST_TEST(torrust_udp_scrape_json(reply).dump(2) == readme);
  metainfo::InfoHash other;
  other.bytes.fill(7);
  reply.files.emplace_back(other, tracker::ScrapeEntry{4, 5, 6});
  const auto stats = torrust_udp_scrape_json(reply)["Scrape"]["torrent_stats"];
  BOOST_REQUIRE(stats.size() == 2u);
  BOOST_TEST(stats[1] == Ordered::parse(R"({"seeders": 4, "completed": 5, "leechers": 6})"));
}

BOOST_AUTO_TEST_CASE(http_announce_is_the_readme_text) {
  auto reply = readme_announce();
  reply.peers_form = tracker::PeerListForm::compact;
  const std::string readme =
      "{\n"
      "  \"complete\": 1,\n"
      "  \"incomplete\": 0,\n"
      "  \"interval\": 120,\n"
      "  \"min interval\": 120,\n"
      "  \"peers\": []\n"
      "}";
  BOOST_TEST(torrust_http_announce_json(reply).dump(2) == readme);
}

BOOST_AUTO_TEST_CASE(http_compact_peers_are_their_bytes) {
  auto reply = readme_announce();
  reply.peers_form = tracker::PeerListForm::compact;
  reply.peers = {net::Endpoint::v4({127, 0, 0, 1}, 6881), *net::Endpoint::parse("[::1]:6881")};
  // serde_bytes: the "peers" string as numbers; peers6 is a key torrust does not show.
  BOOST_TEST(torrust_http_announce_json(reply)["peers"] == Ordered::parse("[127, 0, 0, 1, 26, 225]"));
}

BOOST_AUTO_TEST_CASE(http_dictionary_peers_as_in_torrusts_example) {
  auto reply = readme_announce();
  reply.interval = std::chrono::seconds(300);
  reply.min_interval = std::chrono::seconds(300);
  reply.peers_form = tracker::PeerListForm::dictionary;
  reply.peers = {net::Endpoint::v4({192, 168, 122, 1}, 47401)};
  reply.peer_ids = {"-qB00000000000000001"};
  const auto example = Ordered::parse(R"({
    "complete": 1, "incomplete": 0, "interval": 300, "min interval": 300,
    "peers": [{"ip": "192.168.122.1",
               "peer id": [45, 113, 66, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 48, 49],
               "port": 47401}]})");
  BOOST_TEST(torrust_http_announce_json(reply) == example);
}

BOOST_AUTO_TEST_CASE(http_announce_without_counts_prints_null) {
  tracker::AnnounceResponse reply;
  reply.interval = std::chrono::seconds(60);
  const auto json = torrust_http_announce_json(reply);
  BOOST_TEST(json["complete"].is_null());
  BOOST_TEST(json["min interval"].is_null());
  BOOST_TEST(json["peers"] == Ordered::array());
}

BOOST_AUTO_TEST_CASE(http_scrape_is_keyed_by_info_hash) {
  tracker::ScrapeResponse reply;
  reply.files.emplace_back(readme_hash(), tracker::ScrapeEntry{1, 1, 0});
  const std::string readme =
      "{\n"
      "  \"9c38422213e30bff212b30c360d26f9a02136422\": {\n"
      "    \"complete\": 1,\n"
      "    \"downloaded\": 1,\n"
      "    \"incomplete\": 0\n"
      "  }\n"
      "}";
  BOOST_TEST(torrust_http_scrape_json(reply).dump(2) == readme);
}

BOOST_AUTO_TEST_CASE(check_report_has_the_readme_shape) {
  // corrent's report (check_runner's keys) for the README's configuration, all passing.
  const auto report = nlohmann::json::parse(R"({
    "ok": true, "info_hash": "00", "timeout_ms": 1000, "duration_ms": 3,
    "udp_trackers": [{"target": "127.0.0.1:6969", "url": "udp://127.0.0.1:6969", "ok": true, "duration_ms": 1,
      "steps": [{"step": "setup", "ok": true, "duration_ms": 0, "address": "127.0.0.1:6969"},
                {"step": "connect", "ok": true, "duration_ms": 0, "connection_id": "0102030405060708"},
                {"step": "announce", "ok": true, "duration_ms": 0, "seeders": 1},
                {"step": "scrape", "ok": true, "duration_ms": 0, "listed": true}]}],
    "http_trackers": [{"target": "http://127.0.0.1:7070", "announce_url": "http://127.0.0.1:7070/announce",
      "scrape_url": "http://127.0.0.1:7070/scrape", "ok": true, "duration_ms": 1,
      "steps": [{"step": "announce", "ok": true, "duration_ms": 0},
                {"step": "scrape", "ok": true, "duration_ms": 0, "listed": true}]}],
    "health_checks": [{"target": "http://127.0.0.1:1212/api/health_check", "ok": true, "duration_ms": 1,
      "steps": [{"step": "get", "ok": true, "duration_ms": 0, "status": 200}]}]})");
  // The README's output (torrust runs the three kinds concurrently, so its order varies;
  // corrent's is the configuration's: UDP, HTTP, health).
  const auto readme = Ordered::parse(R"([
    {"Udp": {"Ok": {"remote_addr": "127.0.0.1:6969",
      "results": [["Setup", {"Ok": null}], ["Connect", {"Ok": null}], ["Announce", {"Ok": null}],
                  ["Scrape", {"Ok": null}]]}}},
    {"Http": {"Ok": {"url": "http://127.0.0.1:7070/", "results": [["Announce", {"Ok": null}], ["Scrape", {"Ok": null}]]}}},
    {"Health": {"Ok": {"url": "http://127.0.0.1:1212/api/health_check", "result": {"Ok": "200 OK"}}}}])");
  BOOST_TEST(torrust_check_report(report) == readme);
}

BOOST_AUTO_TEST_CASE(check_report_failures_are_err_with_the_steps_that_ran) {
  const auto report = nlohmann::json::parse(R"({
    "ok": false,
    "udp_trackers": [{"target": "udp://127.0.0.1:1/announce", "url": "udp://127.0.0.1:1", "ok": false,
      "steps": [{"step": "setup", "ok": true, "address": "127.0.0.1:1"},
                {"step": "connect", "ok": false, "error": "no connect reply: Connection refused"},
                {"step": "announce", "ok": false, "skipped": true, "error": "skipped: connect failed"},
                {"step": "scrape", "ok": false, "skipped": true, "error": "skipped: connect failed"}]}],
    "http_trackers": [],
    "health_checks": [{"target": "http://127.0.0.1:1", "ok": false,
      "steps": [{"step": "get", "ok": false, "error": "connection refused"}]}]})");
  // As torrust's issue #1040 shows it: Err, and the results stop at the failed step.
  const auto expected = Ordered::parse(R"([
    {"Udp": {"Err": {"remote_addr": "127.0.0.1:1",
      "results": [["Setup", {"Ok": null}], ["Connect", {"Err": "no connect reply: Connection refused"}]]}}},
    {"Health": {"Err": {"url": "http://127.0.0.1:1/", "result": {"Err": "connection refused"}}}}])");
  BOOST_TEST(torrust_check_report(report) == expected);
}

BOOST_AUTO_TEST_CASE(status_lines_and_urls_as_torrust_prints_them) {
  BOOST_TEST(status_line(200) == "200 OK");
  BOOST_TEST(status_line(204) == "204 No Content");
  BOOST_TEST(status_line(299) == "299");
  BOOST_TEST(normalized_url("http://127.0.0.1:7070") == "http://127.0.0.1:7070/");
  BOOST_TEST(normalized_url("http://127.0.0.1:7070/") == "http://127.0.0.1:7070/");
  BOOST_TEST(normalized_url("http://127.0.0.1:7070/announce") == "http://127.0.0.1:7070/announce");
  BOOST_TEST(normalized_url("http://127.0.0.1:7070?x=1") == "http://127.0.0.1:7070/?x=1");
}

BOOST_AUTO_TEST_CASE(program_names_and_udp_addresses) {
  BOOST_TEST((program_of("/usr/bin/udp_tracker_client") == Program::udp_tracker_client));
  BOOST_TEST((program_of("http_tracker_client") == Program::http_tracker_client));
  BOOST_TEST((program_of("./tracker_checker") == Program::tracker_checker));
  BOOST_TEST((program_of("/usr/bin/corrent-tracker") == Program::corrent_tracker));
  BOOST_TEST((program_of("") == Program::corrent_tracker));
  BOOST_TEST(tracker_url_for(Program::udp_tracker_client, "127.0.0.1:6969") == "udp://127.0.0.1:6969");
  BOOST_TEST(tracker_url_for(Program::udp_tracker_client, "udp://h:1/announce") == "udp://h:1/announce");
  BOOST_TEST(tracker_url_for(Program::corrent_tracker, "127.0.0.1:6969") == "127.0.0.1:6969");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace corrent::tracker_cli
