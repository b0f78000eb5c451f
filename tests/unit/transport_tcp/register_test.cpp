#include <boost/test/unit_test.hpp>

#include <asio/io_context.hpp>

#include "corrent/plugin/config.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/registry/registry.hpp"
#include "corrent/plugins/transport_tcp.hpp"
#include "tcp_transport.hpp"

BOOST_AUTO_TEST_SUITE(transport_tcp_register)

BOOST_AUTO_TEST_CASE(reads_its_section_into_settings) {
  corrent::Registry registry;
  corrent::plugins::register_transport_tcp(registry);
  BOOST_TEST(registry.rejected().empty());
  asio::io_context io;
  auto config = corrent::Config::parse(
      R"({"transport_tcp": {"connect_timeout_ms": 500, "max_half_open": 3, "no_delay": false,
          "send_buffer_size": 65536, "dual_stack_socket": false}})");
  BOOST_REQUIRE(config);
  auto set = corrent::build_plugins(registry, *config, io.get_executor());
  BOOST_REQUIRE_MESSAGE(set, (set ? std::string() : set.error().message()));
  auto* transport = set->find<corrent::net::Transport>("transport_tcp");
  BOOST_REQUIRE(transport != nullptr);
  const auto& s = dynamic_cast<corrent::transport_tcp::TcpTransport&>(*transport).settings();
  BOOST_TEST(s.connect_timeout.count() == 500);
  BOOST_TEST(s.max_half_open == 3u);
  BOOST_TEST(!s.no_delay);
  BOOST_TEST(s.send_buffer_size == 65536);
  BOOST_TEST(s.receive_buffer_size == 0);
  BOOST_TEST(!s.dual_stack_socket);
}

BOOST_AUTO_TEST_CASE(defaults_and_bad_values) {
  corrent::Registry registry;
  corrent::plugins::register_transport_tcp(registry);
  asio::io_context io;
  auto empty = corrent::Config::parse("{}");
  BOOST_REQUIRE(empty);
  auto set = corrent::build_plugins(registry, *empty, io.get_executor());
  BOOST_REQUIRE(set);
  const auto& s = dynamic_cast<corrent::transport_tcp::TcpTransport&>(
                      *set->find<corrent::net::Transport>("transport_tcp")).settings();
  BOOST_TEST(s.connect_timeout.count() == 15000);
  BOOST_TEST(s.max_half_open == 100u);
  BOOST_TEST(s.no_delay);
  for (const char* bad : {R"({"transport_tcp": {"max_half_open": 0}})",
                          R"({"transport_tcp": {"connect_timeout": 5}})",
                          R"({"transport_tcp": {"no_delay": 1}})"}) {
    auto config = corrent::Config::parse(bad);
    BOOST_REQUIRE(config);
    BOOST_TEST(!corrent::build_plugins(registry, *config, io.get_executor()), bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()
