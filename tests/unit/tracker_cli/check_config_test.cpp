// corrent-tracker check's configuration: the three lists, their defaults, the errors that
// name the wrong key, the /announce and /scrape rule, and the environment variable.
#include <boost/test/unit_test.hpp>

#include <cstdlib>

#include "check_config.hpp"
#include "support/require_error.hpp"
#include "support/temp_dir.hpp"

namespace corrent::tracker_cli {
namespace {

std::string error_of(std::string_view json) {
  auto config = parse_check_config(json);
  BOOST_REQUIRE_MESSAGE(!config, "expected an error for " << json);
  return config.error();
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(check_config)

BOOST_AUTO_TEST_CASE(reads_all_three_lists) {
  auto config = parse_check_config(R"({"udp_trackers": ["tracker.example:6969", "[::1]:1337"],
      "http_trackers": ["http://a.example:8080", "https://b.example/announce"],
      "health_checks": ["http://a.example:8080/health"]})");
  BOOST_REQUIRE(config);
  BOOST_REQUIRE_EQUAL(config->udp_trackers.size(), 2u);
  BOOST_TEST(config->udp_trackers[0].address.host == "tracker.example");
  BOOST_TEST(config->udp_trackers[0].address.port == 6969);
  BOOST_TEST(config->udp_trackers[0].entry == "tracker.example:6969");
  BOOST_TEST(config->udp_trackers[1].address.host == "::1");
  BOOST_TEST(config->udp_trackers[1].address.to_string() == "[::1]:1337");
  BOOST_TEST(config->http_trackers.size() == 2u);
  BOOST_TEST(config->health_checks.size() == 1u);
}

BOOST_AUTO_TEST_CASE(missing_lists_are_empty) {
  auto config = parse_check_config(R"({"health_checks": ["http://h.example/ok"]})");
  BOOST_REQUIRE(config);
  BOOST_TEST(config->udp_trackers.empty());
  BOOST_TEST(config->http_trackers.empty());
  BOOST_TEST(!config->empty());
  auto nothing = parse_check_config("{}");
  BOOST_REQUIRE(nothing);
  BOOST_TEST(nothing->empty());
}

BOOST_AUTO_TEST_CASE(wrong_types_name_the_key) {
  BOOST_TEST(contains(error_of(R"({"udp_trackers": "a:1"})"), "udp_trackers: must be a list"));
  BOOST_TEST(contains(error_of(R"({"http_trackers": {"x": 1}})"), "http_trackers: must be a list"));
  BOOST_TEST(contains(error_of(R"({"health_checks": ["http://ok/", 5]})"), "health_checks[1]"));
  BOOST_TEST(contains(error_of(R"({"udp_trackers": [""]})"), "udp_trackers[0]"));
  BOOST_TEST(contains(error_of(R"({"udp_tracker": []})"), "udp_tracker: unknown key"));
}

BOOST_AUTO_TEST_CASE(bad_documents) {
  BOOST_TEST(contains(error_of("{\"udp_trackers\": [}"), "not JSON"));
  BOOST_TEST(contains(error_of("[]"), "must be a JSON object"));
  BOOST_TEST(contains(error_of(""), "not JSON"));
}

BOOST_AUTO_TEST_CASE(udp_entries_are_host_and_port) {
  BOOST_TEST(parse_host_port("127.0.0.1:1").has_value());
  BOOST_TEST(parse_host_port("h:65535").has_value());
  BOOST_TEST(!parse_host_port("h:65536"));
  BOOST_TEST(!parse_host_port("h:0"));
  BOOST_TEST(!parse_host_port("h"));
  BOOST_TEST(!parse_host_port(":6969"));
  BOOST_TEST(!parse_host_port("h:69x"));
  BOOST_TEST(!parse_host_port("::1:6969"));  // IPv6 needs brackets
  BOOST_TEST(contains(error_of(R"({"udp_trackers": ["http://h:1"]})"), "udp_trackers[0]"));
}

// The forms the torrust tracker checker accepts (its config tests): with or without
// udp://, with or without a path.
BOOST_AUTO_TEST_CASE(udp_entries_in_the_torrust_checker_forms) {
  for (const char* entry : {"127.0.0.1:6969", "127.0.0.1:6969/", "127.0.0.1:6969/announce", "udp://127.0.0.1:6969",
                            "udp://127.0.0.1:6969/", "UDP://127.0.0.1:6969/announce"}) {
    const auto parsed = parse_udp_tracker(entry);
    BOOST_TEST_REQUIRE(parsed.has_value(), entry);
    BOOST_TEST(parsed->to_string() == "127.0.0.1:6969", entry);
  }
  BOOST_TEST(parse_udp_tracker("udp://localhost:6969/announce")->host == "localhost");
  BOOST_TEST(parse_udp_tracker("udp://[::1]:6969/announce")->host == "::1");
  BOOST_TEST(!parse_udp_tracker("udp://h/announce"));  // no port
  BOOST_TEST(!parse_udp_tracker("invalid URL"));
  auto config = parse_check_config(R"({"udp_trackers": ["udp://127.0.0.1:6969/announce"]})");
  BOOST_REQUIRE(config);
  BOOST_TEST(config->udp_trackers[0].entry == "udp://127.0.0.1:6969/announce");
}

BOOST_AUTO_TEST_CASE(http_entries_are_http_urls) {
  BOOST_TEST(contains(error_of(R"({"http_trackers": ["udp://h:1"]})"), "http_trackers[0]"));
  BOOST_TEST(contains(error_of(R"({"http_trackers": ["h.example:80"]})"), "not an http"));
}

BOOST_AUTO_TEST_CASE(base_urls_get_announce_and_scrape) {
  auto bare = http_tracker_urls("http://t.example:8080");
  BOOST_TEST(bare.announce == "http://t.example:8080/announce");
  BOOST_TEST(bare.scrape == "http://t.example:8080/scrape");
  auto slash = http_tracker_urls("https://t.example/");
  BOOST_TEST(slash.announce == "https://t.example/announce");
  BOOST_TEST(slash.scrape == "https://t.example/scrape");
  auto with_path = http_tracker_urls("http://t.example/x/announce.php?k=1");
  BOOST_TEST(with_path.announce == "http://t.example/x/announce.php?k=1");
  BOOST_TEST(with_path.scrape == "http://t.example/x/scrape.php?k=1");
  auto no_scrape = http_tracker_urls("http://t.example/tracker");
  BOOST_TEST(no_scrape.announce == "http://t.example/tracker");
  BOOST_TEST(no_scrape.scrape.empty());
}

BOOST_AUTO_TEST_CASE(loads_from_a_file_or_the_environment) {
  test::TempDir dir;
  const auto path = dir.write("check.json", R"({"udp_trackers": ["127.0.0.1:6969"]})");
  auto from_file = load_check_config(path);
  BOOST_REQUIRE(from_file);
  BOOST_TEST(from_file->udp_trackers.size() == 1u);
  BOOST_TEST(contains(test::error_of(load_check_config(dir.path() / "missing.json")), "missing.json"));
  BOOST_TEST(contains(test::error_of(load_check_config(dir.path())), "is a directory"));

  ::setenv(kCheckConfigEnv, R"({"health_checks": ["http://127.0.0.1:1/"]})", 1);
  auto from_env = load_check_config({});
  BOOST_REQUIRE(from_env);
  BOOST_TEST(from_env->health_checks.size() == 1u);
  ::setenv(kCheckConfigEnv, R"({"health_checks": 1})", 1);
  BOOST_TEST(contains(test::error_of(load_check_config({})), std::string(kCheckConfigEnv) + ": health_checks"));
  ::unsetenv(kCheckConfigEnv);
  BOOST_TEST(contains(test::error_of(load_check_config({})), kCheckConfigEnv));
}

// Issue 22: the torrust tracker checker's contract. TORRUST_CHECKER_CONFIG holds the JSON,
// TORRUST_CHECKER_CONFIG_PATH a file; a file argument and our own variable come first.
BOOST_AUTO_TEST_CASE(reads_the_torrust_checker_variables) {
  test::TempDir dir;
  ::unsetenv(kCheckConfigEnv);
  ::setenv(kTorrustConfigEnv,
           R"({"udp_trackers": ["127.0.0.1:6969"], "http_trackers": ["http://127.0.0.1:7070"],
               "health_checks": ["http://127.0.0.1:1212/api/health_check"]})",
           1);
  auto from_torrust = load_check_config({});
  BOOST_REQUIRE_MESSAGE(from_torrust, (from_torrust ? "" : from_torrust.error()));
  BOOST_TEST(from_torrust->udp_trackers.size() == 1u);
  BOOST_TEST(from_torrust->http_trackers.size() == 1u);
  BOOST_TEST(from_torrust->health_checks.size() == 1u);
  ::setenv(kTorrustConfigEnv, R"({"udp_trackers": 1})", 1);
  BOOST_TEST(contains(load_check_config({}).error(), std::string(kTorrustConfigEnv) + ": udp_trackers"));

  const auto path = dir.write("torrust.json", R"({"health_checks": ["http://127.0.0.1:1/a", "http://127.0.0.1:1/b"]})");
  ::setenv(kTorrustConfigPathEnv, path.c_str(), 1);
  auto from_path = load_check_config({});  // the path goes before the JSON, as in torrust's checker
  BOOST_REQUIRE(from_path);
  BOOST_TEST(from_path->health_checks.size() == 2u);
  ::setenv(kTorrustConfigPathEnv, (dir.path() / "missing.json").c_str(), 1);
  const auto missing = load_check_config({}).error();
  BOOST_TEST(contains(missing, kTorrustConfigPathEnv));
  BOOST_TEST(contains(missing, "missing.json"));
  ::setenv(kTorrustConfigPathEnv, "", 1);
  BOOST_TEST(contains(load_check_config({}).error(), "empty file name"));

  ::setenv(kCheckConfigEnv, R"({"health_checks": ["http://127.0.0.1:1/"]})", 1);
  BOOST_TEST(load_check_config({})->health_checks.size() == 1u);  // ours first
  const auto file = dir.write("file.json", R"({"udp_trackers": ["h:1"]})");
  BOOST_TEST(load_check_config(file)->udp_trackers.size() == 1u);  // the argument before all
  ::unsetenv(kCheckConfigEnv);
  ::unsetenv(kTorrustConfigPathEnv);
  ::unsetenv(kTorrustConfigEnv);
  const auto none = load_check_config({}).error();
  BOOST_TEST(contains(none, kTorrustConfigEnv));
  BOOST_TEST(contains(none, kCheckConfigEnv));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace corrent::tracker_cli
