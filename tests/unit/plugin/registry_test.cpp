#include <boost/test/unit_test.hpp>

#include <asio/io_context.hpp>

#include "corrent/plugin/error.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/registry/registry.hpp"
#include "recording_plugins.hpp"
#include "support/require_error.hpp"

using corrent::test::error_of;

namespace {

using corrent::PluginKind;
using corrent::Registry;
using corrent::plugin::errc;
using corrent::test::add_recorded;
using corrent::test::EventLog;

}  // namespace

BOOST_AUTO_TEST_SUITE(plugin_registry)

BOOST_AUTO_TEST_CASE(names_by_kind_in_registration_order) {
  EventLog log;
  Registry registry;
  BOOST_TEST(add_recorded(registry, PluginKind::discovery, "dht", log).has_value());
  BOOST_TEST(add_recorded(registry, PluginKind::transport, "tcp", log).has_value());
  BOOST_TEST(add_recorded(registry, PluginKind::discovery, "lsd", log).has_value());
  BOOST_TEST((registry.names(PluginKind::discovery) == std::vector<std::string>{"dht", "lsd"}));
  BOOST_TEST((registry.names(PluginKind::transport) == std::vector<std::string>{"tcp"}));
  BOOST_TEST(registry.names(PluginKind::service).empty());
  BOOST_TEST(registry.contains("lsd"));
  BOOST_TEST(!registry.contains("pex"));
  BOOST_TEST((registry.find("tcp")->kind() == PluginKind::transport));
  BOOST_TEST(registry.entries().size() == 3u);
  BOOST_TEST(log.empty());  // registering builds nothing
}

BOOST_AUTO_TEST_CASE(duplicate_names_are_rejected_across_kinds) {
  EventLog log;
  Registry registry;
  BOOST_TEST(add_recorded(registry, PluginKind::discovery, "pex", log).has_value());
  const auto again = add_recorded(registry, PluginKind::discovery, "pex", log);
  BOOST_REQUIRE(!again);
  BOOST_TEST(again.error() == std::error_code(errc::duplicate_name));
  // A name is also a configuration section, so it is unique across kinds too.
  const auto other_kind = add_recorded(registry, PluginKind::extension, "pex", log);
  BOOST_REQUIRE(!other_kind);
  BOOST_TEST(other_kind.error() == std::error_code(errc::duplicate_name));
  BOOST_TEST(registry.entries().size() == 1u);
  BOOST_TEST((std::vector<std::string>(registry.rejected().begin(), registry.rejected().end()) ==
              std::vector<std::string>{"pex", "pex"}));
}

BOOST_AUTO_TEST_CASE(empty_names_and_factories_are_rejected) {
  EventLog log;
  Registry registry;
  BOOST_TEST(error_of(add_recorded(registry, PluginKind::service, "", log)) ==
             std::error_code(errc::bad_name));
  BOOST_TEST(error_of(registry.add_service("svc", {})) == std::error_code(errc::no_factory));
  BOOST_TEST(registry.entries().empty());
  BOOST_TEST(registry.rejected().size() == 2u);
}

BOOST_AUTO_TEST_CASE(build_refuses_a_registry_with_rejections) {
  // register_xxx functions return void: the rejection must still stop the start-up.
  EventLog log;
  Registry registry;
  (void)add_recorded(registry, PluginKind::service, "svc", log);
  (void)add_recorded(registry, PluginKind::service, "svc", log);
  asio::io_context io;
  const auto set = corrent::build_plugins(registry, corrent::Config{}, io.get_executor());
  BOOST_REQUIRE(!set);
  BOOST_TEST(set.error().code == std::error_code(errc::registration_failed));
  BOOST_TEST(set.error().message().find("svc") != std::string::npos);
  BOOST_TEST(log.empty());
}

BOOST_AUTO_TEST_CASE(kinds_have_names_in_build_order) {
  BOOST_TEST(corrent::kPluginKinds.size() == 9u);
  BOOST_TEST(to_string(PluginKind::transport) == "transport");
  BOOST_TEST(to_string(PluginKind::tracker) == "tracker");
  BOOST_TEST((corrent::kPluginKinds[1] == PluginKind::tracker));  // after transports
  BOOST_TEST(to_string(PluginKind::nat) == "nat");
  BOOST_TEST(to_string(PluginKind::picker) == "picker");
  BOOST_TEST(to_string(PluginKind::choker) == "choker");
  BOOST_TEST(to_string(PluginKind::service) == "service");
  BOOST_TEST((corrent::kPluginKinds.back() == PluginKind::service));  // built last, stopped first
  BOOST_TEST(std::string(std::error_code(errc::abi_mismatch).category().name()) ==
             "corrent.plugin");
}

BOOST_AUTO_TEST_SUITE_END()
