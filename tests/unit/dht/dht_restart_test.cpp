// The Discovery plugin's state_file (issue 13): a plugin joins a small DHT on 127.0.0.1 and
// saves its table at stop(); a new plugin with the same file and no bootstrap node rejoins
// through the saved nodes under the saved id. And a bad file is ignored, its reason kept.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "corrent/net/datagram_service.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/plugins/dht.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/registry/registry.hpp"
#include "dht_discovery.hpp"
#include "dht_node.hpp"
#include "dht_node_test_support.hpp"
#include "support/run_coro.hpp"
#include "support/temp_dir.hpp"
#include "table_state_file.hpp"

using namespace std::chrono_literals;
using corrent::Task;
using corrent::net::DatagramService;
using corrent::net::Endpoint;
namespace dht = corrent::dht;

namespace {

using dht_test::kSharedAddressLimit;
using dht_test::kTimeout;
using dht_test::loopback;
using dht_test::Peer;
using dht_test::stop_all;
using dht_test::within;

dht::DhtSettings plugin_settings(std::vector<Endpoint> bootstrap, std::filesystem::path state_file) {
  dht::DhtSettings s;
  s.bootstrap = std::move(bootstrap);
  s.query_timeout = kTimeout;
  s.one_candidate_per_ip = false;
  s.max_datagrams_per_source = kSharedAddressLimit;
  s.state_file = std::move(state_file);
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_restart)

BOOST_AUTO_TEST_CASE(a_restarted_plugin_rejoins_through_its_saved_table_under_its_saved_id) {
  asio::io_context io;
  auto peers = dht_test::small_dht(io, 12);
  const auto seed = peers.front()->endpoint;
  corrent::test::TempDir dir;
  const auto file = dir.path() / "state" / "dht.dat";  // its folder does not exist yet

  DatagramService first_service(io.get_executor());
  (void)first_service.open(loopback()).value();
  auto first = dht::DhtDiscovery::create(io.get_executor(), plugin_settings({seed}, file), &first_service).value();
  BOOST_TEST(!first->table_state_status().restored);
  BOOST_TEST(!first->table_state_status().load_error);  // a missing file is normal
  const bool joined = corrent::test::run_coro(io, within(10'000ms, [&] {
    return first->nodes().front()->bootstraps() > 0 && first->nodes().front()->table().size() >= dht::kBucketSize;
  }), 15s);
  BOOST_REQUIRE(joined);
  const auto id = first->nodes().front()->id();
  corrent::test::run_coro(io, first->stop(), 10s);
  corrent::test::run_coro(io, first_service.stop(), 10s);
  BOOST_TEST(first->table_state_status().saves == 1u);
  BOOST_TEST(first->table_state_status().save_failures == 0u);
  const auto saved = dht::load_table_state(file);
  BOOST_REQUIRE(saved);
  BOOST_TEST((saved->id == id));
  BOOST_TEST(saved->nodes.size() >= dht::kBucketSize);
  BOOST_TEST(saved->nodes.size() == first->table_state_status().saved_nodes);

  // No bootstrap node: only the saved ones.
  DatagramService second_service(io.get_executor());
  (void)second_service.open(loopback()).value();
  auto second = dht::DhtDiscovery::create(io.get_executor(), plugin_settings({}, file), &second_service).value();
  BOOST_TEST(second->table_state_status().restored);
  BOOST_TEST(second->table_state_status().restored_nodes == saved->nodes.size());
  BOOST_TEST((second->nodes().front()->id() == id));
  const bool rejoined = corrent::test::run_coro(io, within(10'000ms, [&] {
    return second->nodes().front()->bootstraps() > 0 && second->nodes().front()->table().size() >= dht::kBucketSize;
  }), 15s);
  BOOST_TEST(rejoined);
  corrent::test::run_coro(io, second->stop(), 10s);
  corrent::test::run_coro(io, second_service.stop(), 10s);
  corrent::test::run_coro(io, stop_all(peers), 10s);
}

BOOST_AUTO_TEST_CASE(a_bad_state_file_is_ignored_with_its_reason_kept) {
  asio::io_context io;
  corrent::test::TempDir dir;
  const auto file = dir.write("dht.dat", "d7:versioni99ee");
  DatagramService service(io.get_executor());
  (void)service.open(loopback()).value();
  auto plugin = dht::DhtDiscovery::create(io.get_executor(), plugin_settings({}, file), &service);
  BOOST_REQUIRE(plugin);  // a cache: never a start-up failure
  const auto& status = (*plugin)->table_state_status();
  BOOST_TEST(!status.restored);
  BOOST_TEST(status.load_error == dht::table_state_errc::unknown_version);
  const auto id = (*plugin)->nodes().front()->id();
  corrent::test::run_coro(io, (*plugin)->stop(), 10s);
  corrent::test::run_coro(io, service.stop(), 10s);
  // Replaced by a good file: our id, no node (none answered).
  const auto saved = dht::load_table_state(file);
  BOOST_REQUIRE(saved);
  BOOST_TEST((saved->id == id));
  BOOST_TEST(saved->nodes.empty());
}

BOOST_AUTO_TEST_CASE(the_state_file_key_reaches_the_plugin) {
  asio::io_context io;
  corrent::test::TempDir dir;
  const auto file = dir.path() / "nested" / "dht.dat";
  corrent::Registry registry;
  corrent::plugins::register_dht(registry);
  auto config = corrent::Config::parse(R"({"dht": {"state_file": ")" + file.string() + R"("}})");
  BOOST_REQUIRE(config);
  DatagramService service(io.get_executor());
  (void)service.open(loopback()).value();
  auto set = corrent::build_plugins(registry, *config, io.get_executor(), &service);
  BOOST_REQUIRE_MESSAGE(set, (set ? "" : set.error().message()));
  corrent::test::run_coro(io, set->stop(), 10s);
  corrent::test::run_coro(io, service.stop(), 10s);
  BOOST_TEST(dht::load_table_state(file).has_value());  // written at stop, its folder made
  auto bad = corrent::Config::parse(R"({"dht": {"state_file": 7}})");
  BOOST_REQUIRE(bad);
  BOOST_TEST(!corrent::build_plugins(registry, *bad, io.get_executor(), &service).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
