#include <boost/test/unit_test.hpp>

#include <limits>
#include <string>

#include "corrent/plugin/config.hpp"
#include "corrent/plugin/error.hpp"
#include "support/require_error.hpp"
#include "support/temp_dir.hpp"

using corrent::test::error_of;

namespace {

using corrent::Config;
using corrent::ConfigSchema;
using corrent::plugin::errc;

ConfigSchema demo_schema() {
  return ConfigSchema{}
      .boolean("verbose", false, "log more")
      .integer("port", 6881, 1, 65535, "listen port")
      .number("ratio", 1.5, "seed ratio")
      .string("name", "corrent", "client name")
      .strings("peers", {}, "extra peers");
}

Config parsed(std::string_view json) {
  auto config = Config::parse(json);
  BOOST_REQUIRE_MESSAGE(config, "parse failed");
  return std::move(*config);
}

// The error of checking section "demo" of `json` against demo_schema().
corrent::PluginError section_error(std::string_view json) {
  auto section = parsed(json).section("demo", demo_schema());
  BOOST_REQUIRE(!section);
  return section.error();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plugin_config)

BOOST_AUTO_TEST_CASE(values_are_typed_and_defaults_fill_the_rest) {
  const auto config = parsed(R"({"demo": {"verbose": true, "port": 7000, "peers": ["a", "b"]}})");
  const auto section = config.section("demo", demo_schema());
  BOOST_REQUIRE(section);
  BOOST_TEST(section->name() == "demo");
  BOOST_TEST(section->enabled());
  BOOST_TEST(section->get_bool("verbose", false).value());
  BOOST_TEST(section->get_int("port", 0).value() == 7000);
  BOOST_TEST(section->get_double("ratio", 0).value() == 1.5);  // schema default
  BOOST_TEST(section->get_string("name", "").value() == "corrent");
  BOOST_TEST((section->get_strings("peers").value() == std::vector<std::string>{"a", "b"}));
}

BOOST_AUTO_TEST_CASE(a_missing_section_is_all_defaults) {
  const auto section = Config{}.section("demo", demo_schema());
  BOOST_REQUIRE(section);
  BOOST_TEST(section->enabled());
  BOOST_TEST(section->get_int("port", 0).value() == 6881);
}

BOOST_AUTO_TEST_CASE(an_integer_is_a_number_but_not_the_reverse) {
  const auto section = parsed(R"({"demo": {"ratio": 2}})").section("demo", demo_schema());
  BOOST_REQUIRE(section);
  BOOST_TEST(section->get_double("ratio", 0).value() == 2.0);
  BOOST_TEST(section_error(R"({"demo": {"port": 80.0}})").code == std::error_code(errc::wrong_type));
}

BOOST_AUTO_TEST_CASE(unknown_key_names_section_and_key) {
  const auto e = section_error(R"({"demo": {"colour": "red"}})");
  BOOST_TEST(e.code == std::error_code(errc::unknown_key));
  BOOST_TEST(e.message().find("config [demo].colour") != std::string::npos, e.message());
}

BOOST_AUTO_TEST_CASE(wrong_type_says_what_was_expected) {
  const auto e = section_error(R"({"demo": {"port": "6881"}})");
  BOOST_TEST(e.code == std::error_code(errc::wrong_type));
  BOOST_TEST(e.message().find("[demo].port") != std::string::npos, e.message());
  BOOST_TEST(e.message().find("expected integer, got string") != std::string::npos, e.message());
  BOOST_TEST(section_error(R"({"demo": {"peers": ["a", 1]}})").code == std::error_code(errc::wrong_type));
  BOOST_TEST(section_error(R"({"demo": {"verbose": 1}})").code == std::error_code(errc::wrong_type));
  BOOST_TEST(section_error(R"({"demo": {"name": null}})").code == std::error_code(errc::wrong_type));
}

BOOST_AUTO_TEST_CASE(integers_are_checked_at_and_past_their_limits) {
  BOOST_TEST(parsed(R"({"demo": {"port": 65535}})").section("demo", demo_schema()).has_value());
  BOOST_TEST(parsed(R"({"demo": {"port": 1}})").section("demo", demo_schema()).has_value());
  const auto e = section_error(R"({"demo": {"port": 65536}})");
  BOOST_TEST(e.code == std::error_code(errc::out_of_range));
  BOOST_TEST(e.message().find("must be in [1, 65535], got 65536") != std::string::npos,
             e.message());
  BOOST_TEST(section_error(R"({"demo": {"port": 0}})").code == std::error_code(errc::out_of_range));
  BOOST_TEST(section_error(R"({"demo": {"port": 18446744073709551615}})").code ==
             std::error_code(errc::out_of_range));
}

BOOST_AUTO_TEST_CASE(enabled_is_implicit_and_boolean) {
  const auto section = parsed(R"({"demo": {"enabled": false}})").section("demo", demo_schema());
  BOOST_REQUIRE(section);
  BOOST_TEST(!section->enabled());
  BOOST_TEST(section_error(R"({"demo": {"enabled": "no"}})").code == std::error_code(errc::wrong_type));
}

BOOST_AUTO_TEST_CASE(malformed_json_reports_the_offset) {
  const auto config = Config::parse(R"({"a": {"b": 1,}})");
  BOOST_REQUIRE(!config);
  BOOST_TEST(config.error().code == std::error_code(errc::bad_json));
  BOOST_TEST(config.error().offset == 14u);  // the '}' after the trailing comma
  const auto truncated = Config::parse(R"({"a": )");
  BOOST_REQUIRE(!truncated);
  BOOST_TEST(truncated.error().offset == 6u);  // the end of the input
}

BOOST_AUTO_TEST_CASE(the_top_level_and_sections_must_be_objects) {
  const auto config = Config::parse("[1, 2]");
  BOOST_REQUIRE(!config);
  BOOST_TEST(config.error().code == std::error_code(errc::not_an_object));
  const auto e = section_error(R"({"demo": 3})");
  BOOST_TEST(e.code == std::error_code(errc::not_an_object));
  BOOST_TEST(e.message().find("config [demo]") != std::string::npos, e.message());
}

BOOST_AUTO_TEST_CASE(set_overrides_the_file_with_typed_text) {
  auto config = parsed(R"({"demo": {"port": 7000}})");
  config.set("demo", "port", "7001");
  config.set("demo", "verbose", "true");
  config.set("demo", "ratio", "0.25");
  config.set("demo", "peers", "x,y");
  config.set("other", "enabled", "false");
  const auto section = config.section("demo", demo_schema());
  BOOST_REQUIRE(section);
  BOOST_TEST(section->get_int("port", 0).value() == 7001);
  BOOST_TEST(section->get_bool("verbose", false).value());
  BOOST_TEST(section->get_double("ratio", 0).value() == 0.25);
  BOOST_TEST((section->get_strings("peers").value() == std::vector<std::string>{"x", "y"}));
  BOOST_TEST((config.section_names() == std::vector<std::string>{"demo", "other"}));
  BOOST_TEST(!config.section("other", {})->enabled());
}

BOOST_AUTO_TEST_CASE(set_values_are_checked_like_the_file) {
  auto config = Config{};
  config.set("demo", "port", "http");
  BOOST_TEST(error_of(config.section("demo", demo_schema())).code == std::error_code(errc::wrong_type));
  config.set("demo", "port", "70000");
  BOOST_TEST(error_of(config.section("demo", demo_schema())).code == std::error_code(errc::out_of_range));
  config.set("demo", "port", "80");
  config.set("demo", "verbose", "maybe");
  BOOST_TEST(error_of(config.section("demo", demo_schema())).code == std::error_code(errc::wrong_type));
  config.set("demo", "verbose", "0");
  config.set("demo", "nope", "1");
  BOOST_TEST(error_of(config.section("demo", demo_schema())).code == std::error_code(errc::unknown_key));
}

BOOST_AUTO_TEST_CASE(section_getters_check_type_and_range) {
  const auto section = parsed(R"({"demo": {"port": 7000}})").section("demo", demo_schema());
  BOOST_REQUIRE(section);
  BOOST_TEST(error_of(section->get_bool("port", false)) == std::error_code(errc::wrong_type));
  BOOST_TEST(error_of(section->get_int("port", 0, 0, 6999)) == std::error_code(errc::out_of_range));
  BOOST_TEST(section->get_int("port", 0, 0, 7000).value() == 7000);
  BOOST_TEST(section->get_int("absent", 42).value() == 42);
}

BOOST_AUTO_TEST_CASE(load_reads_a_file_and_names_it_in_errors) {
  const corrent::test::TempDir dir;
  const auto good = dir.write("good.json", R"({"demo": {"port": 9000}})");
  const auto config = Config::load(good);
  BOOST_REQUIRE(config);
  BOOST_TEST(config->section("demo", demo_schema())->get_int("port", 0).value() == 9000);

  const auto bad = dir.write("bad.json", "{\"demo\": ");
  const auto broken = Config::load(bad);
  BOOST_REQUIRE(!broken);
  BOOST_TEST(broken.error().code == std::error_code(errc::bad_json));
  BOOST_TEST(broken.error().message().find("bad.json") != std::string::npos);
  BOOST_TEST(broken.error().message().find("at byte 9") != std::string::npos,
             broken.error().message());

  const auto missing = Config::load(dir.path() / "missing.json");
  BOOST_REQUIRE(!missing);
  BOOST_TEST(missing.error().code == std::error_code(errc::file_not_found));
}

BOOST_AUTO_TEST_CASE(configs_copy_deeply) {
  auto original = parsed(R"({"demo": {"port": 7000}})");
  auto copy = original;
  copy.set("demo", "port", "7001");
  BOOST_TEST(original.section("demo", demo_schema())->get_int("port", 0).value() == 7000);
  BOOST_TEST(copy.section("demo", demo_schema())->get_int("port", 0).value() == 7001);
}

BOOST_AUTO_TEST_SUITE_END()
