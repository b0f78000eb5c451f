// The client's configuration file and session flags: the XDG default location, the
// "session" section applied to the flags not given on the command line (with the flags'
// own checks, unknown keys named), and the flags mapped onto SessionSettings.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "client_config.hpp"
#include "session_options.hpp"

using namespace corrent;
using namespace corrent::cli;

namespace {

struct Parsed {
  CLI::App app{"test"};
  SessionOptions options;
  bool seed = false;
  double ratio = -1;
  Parsed() {
    add_session_options(app, options);
    app.add_flag("--seed", seed);
    app.add_option("--seed-ratio", ratio)->check(CLI::Range(0.0, 1e6));
  }
  void parse(std::vector<std::string> args) {
    std::reverse(args.begin(), args.end());
    app.parse(args);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(client_config)

BOOST_AUTO_TEST_CASE(default_path_follows_xdg) {
  BOOST_TEST(default_config_path("/x/cfg", "/home/u").value() == "/x/cfg/corrent/config.json");
  BOOST_TEST(default_config_path(nullptr, "/home/u").value() == "/home/u/.config/corrent/config.json");
  BOOST_TEST(default_config_path("relative", "/home/u").value() == "/home/u/.config/corrent/config.json");
  BOOST_TEST(!default_config_path(nullptr, nullptr).has_value());
}

BOOST_AUTO_TEST_CASE(session_section_is_split_from_the_plugins) {
  auto config = parse_client_config(R"({"session": {"port": 7000}, "tracker_udp": {"max_retransmits": 2}})", "f");
  BOOST_REQUIRE(config.has_value());
  BOOST_TEST(config->session.at("port").get<int>() == 7000);
  BOOST_TEST(config->plugins == R"({"tracker_udp":{"max_retransmits":2}})");
  BOOST_TEST(!parse_client_config("[1]", "f").has_value());
  BOOST_TEST(!parse_client_config(R"({"session": 3})", "f").has_value());
  BOOST_TEST(!parse_client_config("{", "f").has_value());
}

BOOST_AUTO_TEST_CASE(file_sets_flags_not_given_and_flags_win) {
  Parsed p;
  p.parse({"--port", "7001"});
  const auto section = nlohmann::json::parse(
      R"({"port": 9999, "bind": "127.0.0.1", "max-upload-slots": 7, "max-connections": 50, "seed": true,
          "seed-ratio": 1.5, "encryption": "forced"})");
  auto applied = apply_session_section(p.app, section, "config file f");
  BOOST_REQUIRE_MESSAGE(applied.has_value(), applied.error());
  BOOST_TEST(p.options.port == 7001u);  // the command line wins
  BOOST_TEST(p.options.bind == "127.0.0.1");
  BOOST_TEST(p.options.upload_slots == 7u);
  BOOST_TEST(p.options.connections.max_connections == 50u);
  BOOST_TEST(p.options.encryption == "forced");
  BOOST_TEST(p.seed);
  BOOST_TEST(p.ratio == 1.5);
}

BOOST_AUTO_TEST_CASE(unknown_keys_and_bad_values_name_the_key) {
  {
    Parsed p;
    p.parse({});
    auto applied = apply_session_section(p.app, nlohmann::json::parse(R"({"prot": 1})"), "config file f");
    BOOST_REQUIRE(!applied.has_value());
    BOOST_TEST(applied.error().find("config file f: session.prot: unknown key") != std::string::npos, applied.error());
  }
  {
    Parsed p;
    p.parse({});
    auto applied = apply_session_section(p.app, nlohmann::json::parse(R"({"max-upload-slots": 0})"), "f");
    BOOST_REQUIRE(!applied.has_value());
    BOOST_TEST(applied.error().find("session.max-upload-slots") != std::string::npos, applied.error());
  }
  {
    Parsed p;
    p.parse({});
    auto applied = apply_session_section(p.app, nlohmann::json::parse(R"({"port": [1]})"), "f");
    BOOST_REQUIRE(!applied.has_value());
    BOOST_TEST(applied.error().find("session.port") != std::string::npos, applied.error());
  }
  {
    // A session key of a flag this command lacks is not an error (seed has no --timeout).
    Parsed p;
    p.parse({});
    BOOST_TEST(apply_session_section(p.app, nlohmann::json::parse(R"({"timeout": 5})"), "f").has_value());
  }
}

BOOST_AUTO_TEST_CASE(flags_map_onto_session_settings) {
  Parsed p;
  p.parse({"--max-upload-slots", "9", "--port", "0", "--max-connections", "33"});
  auto settings = session_settings(p.options);
  BOOST_REQUIRE(settings.has_value());
  BOOST_TEST(settings->upload_slots == 9u);
  BOOST_TEST(settings->max_connections == 33u);
  // No --bind: both families, one dual-stack socket where the system allows.
  BOOST_TEST(settings->listen == std::vector<std::string>{"[::]:0"});
  Parsed q;
  q.parse({"--bind", "127.0.0.1", "--port", "6000"});
  BOOST_TEST(session_settings(q.options)->listen == std::vector<std::string>{"127.0.0.1:6000"});
  Parsed r;
  BOOST_CHECK_THROW(r.parse({"--max-upload-slots", "0"}), CLI::ValidationError);
}

BOOST_AUTO_TEST_SUITE_END()
