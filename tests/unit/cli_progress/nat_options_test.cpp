// The NAT flags: --no-upnp and --no-natpmp turn each mapper's section off, the demo (which
// does not add the flags) runs neither, and a session bound to loopback only maps nothing.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "nat_options.hpp"
#include "corrent/plugin/config_schema.hpp"

namespace {

using corrent::Config;
using corrent::cli::NatOptions;

// Whether the section is enabled, as the registry will read it (every section has the
// implicit "enabled" key, default true).
bool enabled(const Config& config, const std::string& section) {
  const auto checked = config.section(section, corrent::ConfigSchema{});
  BOOST_TEST_REQUIRE(checked.has_value());
  return checked->enabled();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(nat_options)

BOOST_AUTO_TEST_CASE(the_flags_turn_each_mapper_off_and_the_demo_runs_none) {
  NatOptions options;
  CLI::App app;
  corrent::cli::add_nat_options(app, options);
  Config config;
  corrent::cli::apply_nat_options(options, config);
  BOOST_TEST(enabled(config, "nat_upnp"));  // on by default
  BOOST_TEST(enabled(config, "nat_pmp"));
  options.no_upnp = true;
  Config upnp_off;
  corrent::cli::apply_nat_options(options, upnp_off);
  BOOST_TEST(!enabled(upnp_off, "nat_upnp"));
  BOOST_TEST(enabled(upnp_off, "nat_pmp"));
  NatOptions demo;  // add_nat_options never called
  Config demo_config;
  corrent::cli::apply_nat_options(demo, demo_config);
  BOOST_TEST(!enabled(demo_config, "nat_upnp"));
  BOOST_TEST(!enabled(demo_config, "nat_pmp"));
}

BOOST_AUTO_TEST_CASE(loopback_only_listening_is_recognised) {
  using corrent::cli::listens_on_loopback_only;
  BOOST_TEST(listens_on_loopback_only({"127.0.0.1:0"}));
  BOOST_TEST(listens_on_loopback_only({"127.0.0.1:6881", "[::1]:6881"}));
  BOOST_TEST(!listens_on_loopback_only({"[::]:6881"}));
  BOOST_TEST(!listens_on_loopback_only({"0.0.0.0:6881"}));
  BOOST_TEST(!listens_on_loopback_only({"127.0.0.1:6881", "192.168.1.5:6881"}));
  BOOST_TEST(!listens_on_loopback_only({}));
  BOOST_TEST(!listens_on_loopback_only({"not an address:1"}));
}

BOOST_AUTO_TEST_SUITE_END()
