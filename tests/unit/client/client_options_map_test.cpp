// ClientOptions onto the plugins' configuration (private to the client): the port mappers
// follow upnp and nat_pmp, and stay off on a loopback listen_host whatever those say; utp
// chooses the session's transports and the uTP plugin's section.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "client_options_map.hpp"
#include "corrent/plugin/config_schema.hpp"

namespace {

using corrent::client::ClientOptions;

bool enabled(const corrent::Config& config, const std::string& section) {
  const auto checked = config.section(section, corrent::ConfigSchema{});
  BOOST_TEST_REQUIRE(checked.has_value());
  return checked->enabled();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(client_options_map)

BOOST_AUTO_TEST_CASE(port_mappers_follow_the_options_and_stay_off_on_loopback) {
  ClientOptions options;  // WebTorrent's defaults: both on, every address
  auto config = corrent::client::detail::make_config(options);
  BOOST_TEST(enabled(config, "nat_upnp"));
  BOOST_TEST(enabled(config, "nat_pmp"));
  options.upnp = false;
  config = corrent::client::detail::make_config(options);
  BOOST_TEST(!enabled(config, "nat_upnp"));
  BOOST_TEST(enabled(config, "nat_pmp"));
  for (const char* host : {"127.0.0.1", "[::1]", "::1"}) {
    ClientOptions local;
    local.listen_host = host;
    config = corrent::client::detail::make_config(local);
    BOOST_TEST(!enabled(config, "nat_upnp"), host);
    BOOST_TEST(!enabled(config, "nat_pmp"), host);
  }
}

BOOST_AUTO_TEST_CASE(utp_puts_utp_before_tcp_and_off_leaves_tcp_alone) {
  using Schemes = std::vector<std::string>;
  ClientOptions options;  // WebTorrent's default: utp on
  auto settings = corrent::client::detail::make_settings(options);
  BOOST_TEST_REQUIRE(settings.has_value());
  BOOST_TEST(settings->transports == (Schemes{"utp", "tcp"}));
  BOOST_TEST(enabled(corrent::client::detail::make_config(options), "transport_utp"));
  options.utp = false;
  settings = corrent::client::detail::make_settings(options);
  BOOST_TEST_REQUIRE(settings.has_value());
  BOOST_TEST(settings->transports == (Schemes{"tcp"}));
  BOOST_TEST(!enabled(corrent::client::detail::make_config(options), "transport_utp"));
}

BOOST_AUTO_TEST_SUITE_END()
