#include <boost/test/unit_test.hpp>

#include <algorithm>

#include <asio/io_context.hpp>

#include "corrent/plugin/error.hpp"
#include "corrent/registry/limits.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "recording_plugins.hpp"
#include "support/require_error.hpp"
#include "support/run_coro.hpp"

using corrent::test::error_of;

namespace {

using corrent::Config;
using corrent::PluginKind;
using corrent::Registry;
using corrent::plugin::errc;
using corrent::test::add_recorded;
using corrent::test::EventLog;

Config parsed(std::string_view json) {
  auto config = Config::parse(json);
  BOOST_REQUIRE(config);
  return std::move(*config);
}

// One plugin of every kind, registered in an order unlike the build order.
void register_one_of_each(Registry& registry, EventLog& log) {
  BOOST_REQUIRE(add_recorded(registry, PluginKind::service, "svc", log));
  BOOST_REQUIRE(add_recorded(registry, PluginKind::extension, "ut_b", log));
  BOOST_REQUIRE(add_recorded(registry, PluginKind::discovery, "dht", log));
  BOOST_REQUIRE(add_recorded(registry, PluginKind::nat, "upnp", log));
  BOOST_REQUIRE(add_recorded(registry, PluginKind::storage, "mem", log));
  BOOST_REQUIRE(add_recorded(registry, PluginKind::transport, "tcp", log));
  BOOST_REQUIRE(add_recorded(registry, PluginKind::tracker, "udp_tracker", log));
  BOOST_REQUIRE(add_recorded(registry, PluginKind::extension, "ut_a", log));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plugin_set)

BOOST_AUTO_TEST_CASE(builds_by_kind_and_stops_in_reverse) {
  EventLog log;
  Registry registry;
  register_one_of_each(registry, log);
  asio::io_context io;
  {
    auto set = corrent::build_plugins(registry, Config{}, io.get_executor());
    BOOST_REQUIRE_MESSAGE(set, (set ? std::string() : set.error().message()));
    const std::vector<std::string> order{"tcp",  "udp_tracker", "mem", "upnp",
                                        "dht",  "ut_b",        "ut_a", "svc"};
    BOOST_TEST(set->names() == order);
    EventLog built;
    for (const auto& name : order) built.push_back("build:" + name);
    BOOST_TEST(log == built);

    log.clear();
    corrent::test::run_coro(io, set->stop());
    corrent::test::run_coro(io, set->stop());  // a second stop does nothing
    EventLog stopped;
    for (auto it = order.rbegin(); it != order.rend(); ++it) stopped.push_back("stop:" + *it);
    BOOST_TEST(log == stopped);
    log.clear();
  }
  BOOST_TEST(log.front() == "destroy:svc");  // destroyed in reverse too
  BOOST_TEST(log.back() == "destroy:tcp");
}

BOOST_AUTO_TEST_CASE(typed_access_by_kind_and_name) {
  EventLog log;
  Registry registry;
  register_one_of_each(registry, log);
  asio::io_context io;
  const auto set = corrent::build_plugins(registry, Config{}, io.get_executor());
  BOOST_REQUIRE(set);
  BOOST_TEST(set->all<corrent::Extension>().size() == 2u);
  BOOST_TEST(set->all<corrent::Extension>().front()->name() == "ut_b");
  BOOST_TEST(set->find<corrent::net::Transport>("tcp")->scheme() == "test");
  BOOST_TEST((set->find<corrent::Service>("tcp") == nullptr));  // another kind
  BOOST_TEST((set->find<corrent::Service>("nope") == nullptr));
  // Tracker protocols are found by URL scheme, in either case.
  const auto* tracker = set->find<corrent::tracker::TrackerProtocol>("udp_tracker");
  BOOST_REQUIRE(tracker != nullptr);
  BOOST_TEST(set->tracker_for_scheme("test") == tracker);
  BOOST_TEST(set->tracker_for_scheme("TEST") == tracker);
  BOOST_TEST((set->tracker_for_scheme("udp") == nullptr));
}

BOOST_AUTO_TEST_CASE(extension_ids_follow_registration_order) {
  EventLog log;
  Registry registry;
  register_one_of_each(registry, log);
  BOOST_REQUIRE(add_recorded(registry, PluginKind::extension, "ut_c", log));
  asio::io_context io;
  auto set = corrent::build_plugins(registry, Config{}, io.get_executor());
  BOOST_REQUIRE(set);
  BOOST_TEST((set->extension_id("ut_b") == std::optional<std::uint8_t>(1)));
  BOOST_TEST((set->extension_id("ut_a") == std::optional<std::uint8_t>(2)));
  BOOST_TEST((set->extension_id("ut_c") == std::optional<std::uint8_t>(3)));
  BOOST_TEST(!set->extension_id("dht").has_value());

  // A disabled extension takes no id: the others close up.
  const auto without_a = corrent::build_plugins(registry, parsed(R"({"ut_a": {"enabled": false}})"),
                                                io.get_executor());
  BOOST_REQUIRE(without_a);
  BOOST_TEST((without_a->extension_id("ut_c") == std::optional<std::uint8_t>(2)));
  BOOST_TEST(!without_a->extension_id("ut_a").has_value());
}

BOOST_AUTO_TEST_CASE(extensions_are_bounded_by_the_id_space) {
  EventLog log;
  Registry registry;
  for (std::size_t i = 0; i < corrent::kMaxExtensions; ++i) {
    BOOST_REQUIRE(add_recorded(registry, PluginKind::extension, "ut_" + std::to_string(i), log));
  }
  asio::io_context io;
  {
    const auto at_limit = corrent::build_plugins(registry, Config{}, io.get_executor());
    BOOST_REQUIRE(at_limit);
    BOOST_TEST((at_limit->extension_id("ut_254") == std::optional<std::uint8_t>(255)));
  }
  BOOST_REQUIRE(add_recorded(registry, PluginKind::extension, "ut_255", log));
  const auto past = corrent::build_plugins(registry, Config{}, io.get_executor());
  BOOST_REQUIRE(!past);
  BOOST_TEST(past.error().code == std::error_code(errc::too_many_extensions));
}

BOOST_AUTO_TEST_CASE(disabled_plugins_are_not_built) {
  EventLog log;
  Registry registry;
  register_one_of_each(registry, log);
  asio::io_context io;
  const auto set = corrent::build_plugins(
      registry, parsed(R"({"dht": {"enabled": false}, "svc": {"enabled": true}})"),
      io.get_executor());
  BOOST_REQUIRE(set);
  BOOST_TEST((set->find<corrent::Discovery>("dht") == nullptr));
  BOOST_TEST(set->names().size() == 7u);  // the 8 registered, less dht
  BOOST_TEST(std::count(log.begin(), log.end(), "build:dht") == 0);
}

BOOST_AUTO_TEST_CASE(configuration_errors_stop_the_build_before_anything_is_built) {
  EventLog log;
  Registry registry;
  register_one_of_each(registry, log);
  asio::io_context io;
  const auto unknown = corrent::build_plugins(registry, parsed(R"({"bittyrant": {}})"),
                                              io.get_executor());
  BOOST_REQUIRE(!unknown);
  BOOST_TEST(unknown.error().code == std::error_code(errc::unknown_section));
  BOOST_TEST(unknown.error().message().find("[bittyrant]") != std::string::npos);

  // Even a disabled plugin's section is checked.
  const auto bad_key = corrent::build_plugins(
      registry, parsed(R"({"svc": {"enabled": false, "speed": 1}})"), io.get_executor());
  BOOST_REQUIRE(!bad_key);
  BOOST_TEST(bad_key.error().code == std::error_code(errc::unknown_key));
  BOOST_TEST(bad_key.error().message().find("config [svc].speed") != std::string::npos);

  Config flags;
  flags.set("nobody", "enabled", "false");
  BOOST_TEST(error_of(corrent::build_plugins(registry, flags, io.get_executor())).code ==
             std::error_code(errc::unknown_section));
  BOOST_TEST(log.empty());
}

BOOST_AUTO_TEST_CASE(a_factory_sees_its_own_section_and_its_errors_name_it) {
  Registry registry;
  std::int64_t seen = 0;
  const auto schema = corrent::ConfigSchema{}.integer("level", 3, 0, 9, "how much");
  const auto factory = [&seen](corrent::PluginContext& context)
      -> corrent::Result<std::unique_ptr<corrent::Service>> {
    BOOST_TEST(context.config.name() == "svc");
    BOOST_TEST((context.executor.target<asio::io_context::executor_type>() != nullptr));
    CORRENT_TRY(seen, context.config.get_int("level", 0));
    return tl::make_unexpected(std::make_error_code(std::errc::address_in_use));
  };
  BOOST_REQUIRE(registry.add_service("svc", factory, schema));
  asio::io_context io;
  const auto set = corrent::build_plugins(registry, parsed(R"({"svc": {"level": 7}})"),
                                          io.get_executor());
  BOOST_TEST(seen == 7);
  BOOST_REQUIRE(!set);
  BOOST_TEST(set.error().code == std::make_error_code(std::errc::address_in_use));
  BOOST_TEST(set.error().where == "plugin svc");
}

BOOST_AUTO_TEST_CASE(null_plugins_and_misnamed_extensions_are_errors) {
  EventLog log;
  Registry registry;
  BOOST_REQUIRE(registry.add_service(
      "svc", [](corrent::PluginContext&) -> corrent::Result<std::unique_ptr<corrent::Service>> {
        return nullptr;
      }));
  asio::io_context io;
  BOOST_TEST(error_of(corrent::build_plugins(registry, Config{}, io.get_executor())).code ==
             std::error_code(errc::no_factory));

  Registry misnamed;
  BOOST_REQUIRE(misnamed.add_extension(
      "ut_x", corrent::test::recorded<corrent::test::RecordedExtension, corrent::Extension>(
                  "ut_y", log)));
  const auto set = corrent::build_plugins(misnamed, Config{}, io.get_executor());
  BOOST_REQUIRE(!set);
  BOOST_TEST(set.error().code == std::error_code(errc::name_mismatch));
  BOOST_TEST((log == EventLog{"build:ut_y", "destroy:ut_y"}));
}

BOOST_AUTO_TEST_SUITE_END()
