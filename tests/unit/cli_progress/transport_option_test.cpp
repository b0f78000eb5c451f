// --transports: the schemes in order, what is refused (naming the flag), the default, the
// configuration file's "transports" key, and --proxy with no TCP left.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "client_config.hpp"
#include "session_options.hpp"
#include "transport_option.hpp"

using corrent::cli::parse_transports;
using Schemes = std::vector<std::string>;

namespace {

// The error of --transports `text`, which must be refused.
std::string refusal(const std::string& text) {
  const auto parsed = parse_transports(text);
  BOOST_TEST_REQUIRE(!parsed.has_value(), text);
  return parsed.error();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transport_option)

BOOST_AUTO_TEST_CASE(schemes_in_the_order_given) {
  BOOST_TEST(parse_transports("utp,tcp").value() == (Schemes{"utp", "tcp"}));
  BOOST_TEST(parse_transports("tcp,utp").value() == (Schemes{"tcp", "utp"}));
  BOOST_TEST(parse_transports("utp").value() == (Schemes{"utp"}));
  BOOST_TEST(parse_transports("tcp").value() == (Schemes{"tcp"}));
  BOOST_TEST(parse_transports(corrent::cli::kDefaultTransports).value() == (Schemes{"utp", "tcp"}));
}

BOOST_AUTO_TEST_CASE(bad_lists_are_refused_naming_the_flag_and_the_item) {
  for (const char* text : {"", ",", "utp,", ",tcp", "utp,,tcp", "foo", "utp,foo", "UTP", " tcp", "tcp ", "udp",
                           "utp,tcp,utp", "tcp,tcp"}) {
    const std::string shown = *text == '\0' ? "\"\"" : text;  // an empty list is shown as ""
    BOOST_TEST(refusal(text).rfind("--transports " + shown + ": ", 0) == 0u, refusal(text));
  }
  BOOST_TEST(refusal("foo").find("unknown transport \"foo\" (known: utp, tcp)") != std::string::npos, refusal("foo"));
  BOOST_TEST(refusal("").find("no transport") != std::string::npos, refusal(""));
  BOOST_TEST(refusal("utp,,tcp").find("an empty item") != std::string::npos, refusal("utp,,tcp"));
  BOOST_TEST(refusal("tcp,utp,tcp").find("\"tcp\" named twice") != std::string::npos, refusal("tcp,utp,tcp"));
}

BOOST_AUTO_TEST_CASE(the_flag_and_the_file_reach_the_session_settings) {
  using corrent::cli::SessionOptions;
  {
    CLI::App app;
    SessionOptions options;
    corrent::cli::add_session_options(app, options);
    app.parse(std::vector<std::string>{});
    BOOST_TEST(corrent::cli::session_settings(options).value().transports == (Schemes{"utp", "tcp"}));  // default
  }
  {
    CLI::App app;
    SessionOptions options;
    corrent::cli::add_session_options(app, options);
    app.parse(std::vector<std::string>{"tcp", "--transports"});  // reversed, as CLI11 takes it
    BOOST_TEST(corrent::cli::session_settings(options).value().transports == (Schemes{"tcp"}));
  }
  {
    CLI::App app;
    SessionOptions options;
    corrent::cli::add_session_options(app, options);
    app.parse(std::vector<std::string>{});
    const auto applied = corrent::cli::apply_session_section(app, nlohmann::json::parse(R"({"transports": "utp"})"),
                                                             "config file f");
    BOOST_TEST_REQUIRE(applied.has_value(), applied.error());
    BOOST_TEST(corrent::cli::session_settings(options).value().transports == (Schemes{"utp"}));
  }
  {
    SessionOptions options;
    options.transports = "utp,foo";
    const auto settings = corrent::cli::session_settings(options);
    BOOST_TEST_REQUIRE(!settings.has_value());
    BOOST_TEST(settings.error().find("unknown transport \"foo\"") != std::string::npos, settings.error());
  }
}

BOOST_AUTO_TEST_CASE(a_proxy_needs_tcp) {
  corrent::cli::SessionOptions options;
  options.proxy = "socks5://127.0.0.1:1080";
  BOOST_TEST(corrent::cli::session_settings(options).has_value());  // utp,tcp: TCP through the proxy
  options.transports = "utp";
  const auto settings = corrent::cli::session_settings(options);
  BOOST_TEST_REQUIRE(!settings.has_value());
  BOOST_TEST(settings.error().find("--proxy carries TCP connections only") != std::string::npos, settings.error());
}

BOOST_AUTO_TEST_CASE(transports_is_a_session_key) {
  const auto& keys = corrent::cli::kSessionKeys;
  BOOST_TEST((std::find(keys.begin(), keys.end(), "transports") != keys.end()));
}

BOOST_AUTO_TEST_SUITE_END()
