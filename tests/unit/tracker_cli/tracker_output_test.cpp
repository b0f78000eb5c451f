// corrent-tracker's JSON: exactly the keys docs/cli.md lists, per protocol, and info-hash
// parsing (hex and base32).
#include <boost/test/unit_test.hpp>

#include <set>

#include "tracker_cli.hpp"
#include "tracker_output.hpp"

namespace corrent::tracker_cli {
namespace {

std::set<std::string> keys(const nlohmann::json& object) {
  std::set<std::string> out;
  for (const auto& item : object.items()) out.insert(item.key());
  return out;
}

tracker::AnnounceResponse sample_reply() {
  tracker::AnnounceResponse reply;
  reply.peers = {net::Endpoint::v4({10, 0, 0, 1}, 6881), net::Endpoint::v4({10, 0, 0, 2}, 6882)};
  reply.interval = std::chrono::seconds(900);
  reply.min_interval = std::chrono::seconds(60);
  reply.complete = 3;
  reply.incomplete = 4;
  reply.transaction_id = 77;
  return reply;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tracker_output)

BOOST_AUTO_TEST_CASE(udp_announce_keys) {
  const auto json = announce_json(Flavor::udp, sample_reply());
  BOOST_TEST((keys(json) == std::set<std::string>{"transaction_id", "interval", "leechers", "seeders", "peers"}));
  BOOST_TEST(json["transaction_id"] == 77);
  BOOST_TEST(json["seeders"] == 3);
  BOOST_TEST(json["leechers"] == 4);
  BOOST_TEST(json["peers"] == nlohmann::json({"10.0.0.1:6881", "10.0.0.2:6882"}));
}

BOOST_AUTO_TEST_CASE(http_announce_keys) {
  auto reply = sample_reply();
  const auto json = announce_json(Flavor::http, reply);
  BOOST_TEST((keys(json) == std::set<std::string>{"complete", "incomplete", "interval", "min_interval", "peers"}));
  BOOST_TEST(json["interval"] == 900);
  BOOST_TEST(json["min_interval"] == 60);
  reply.min_interval.reset();
  reply.complete.reset();
  const auto sparse = announce_json(Flavor::http, reply);
  BOOST_TEST(sparse["min_interval"].is_null());
  BOOST_TEST(sparse["complete"].is_null());
}

BOOST_AUTO_TEST_CASE(scrape_keys) {
  tracker::ScrapeResponse reply;
  const auto hash = *metainfo::InfoHash::from_hex("0123456789abcdef0123456789abcdef01234567");
  reply.files.push_back({hash, tracker::ScrapeEntry{5, 6, 7}});
  const auto udp = scrape_json(Flavor::udp, reply);
  BOOST_TEST(udp["files"][hash.hex()] == nlohmann::json({{"seeders", 5}, {"completed", 6}, {"leechers", 7}}));
  const auto http = scrape_json(Flavor::http, reply);
  BOOST_TEST(http["files"][hash.hex()] == nlohmann::json({{"complete", 5}, {"downloaded", 6}, {"incomplete", 7}}));
}

BOOST_AUTO_TEST_CASE(flavor_by_scheme) {
  BOOST_TEST((flavor_of("udp://t.example:6969") == Flavor::udp));
  BOOST_TEST((flavor_of("http://t.example/announce") == Flavor::http));
  BOOST_TEST((flavor_of("https://t.example/announce") == Flavor::http));
}

BOOST_AUTO_TEST_CASE(info_hash_forms) {
  const auto hex = parse_info_hash("0123456789ABCDEF0123456789abcdef01234567");
  BOOST_REQUIRE(hex);
  const auto base32 = parse_info_hash(hex->base32());
  BOOST_REQUIRE(base32);
  BOOST_TEST((*base32 == *hex));
  BOOST_TEST(!parse_info_hash("0123456789abcdef0123456789abcdef0123456"));    // 39
  BOOST_TEST(!parse_info_hash("0123456789abcdef0123456789abcdef012345678"));  // 41
  BOOST_TEST(!parse_info_hash("g123456789abcdef0123456789abcdef01234567"));
  BOOST_TEST(!parse_info_hash(""));
  BOOST_TEST((random_info_hash() != random_info_hash()));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace corrent::tracker_cli

// torrust's form: a base URL gets the endpoint's path; a URL with its own keeps it.
BOOST_AUTO_TEST_CASE(a_base_url_gets_announce_or_scrape_and_a_path_is_kept) {
  using corrent::tracker_cli::with_default_path;
  BOOST_TEST(with_default_path("http://127.0.0.1:7070", "announce") == "http://127.0.0.1:7070/announce");
  BOOST_TEST(with_default_path("http://127.0.0.1:7070/", "scrape") == "http://127.0.0.1:7070/scrape");
  BOOST_TEST(with_default_path("https://tracker.example/", "announce") == "https://tracker.example/announce");
  BOOST_TEST(with_default_path("http://[::1]:7070", "announce") == "http://[::1]:7070/announce");
  BOOST_TEST(with_default_path("http://127.0.0.1:7070/announce", "scrape") == "http://127.0.0.1:7070/announce");
  BOOST_TEST(with_default_path("http://127.0.0.1:7070/custom", "announce") == "http://127.0.0.1:7070/custom");
  BOOST_TEST(with_default_path("http://127.0.0.1:7070/?key=1", "announce") == "http://127.0.0.1:7070/?key=1");
  BOOST_TEST(with_default_path("udp://127.0.0.1:6969", "announce") == "udp://127.0.0.1:6969");
  BOOST_TEST(with_default_path("not a url", "announce") == "not a url");
}
