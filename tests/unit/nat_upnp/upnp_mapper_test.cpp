// The whole mapper, built by register_nat_upnp from a "nat_upnp" section that points its
// search at a scripted gateway on 127.0.0.1 (fake_gateway.hpp): it maps TCP and UDP and
// reports the external address; renews at half the lease, and says so when the external
// address changes; falls back to a permanent lease (725) and another port (718); removes its
// mappings at stop within a bound, and is cut off by a second cancellation; a gateway that
// is absent, answers garbage, an oversize description, trickles or never answers costs
// bounded time and reports on_unmapped; a rebooted gateway is found again and mapped again.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "corrent/net/http/errc.hpp"
#include "corrent/net/port_mapper.hpp"
#include "corrent/net/task_group.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/plugins/nat_upnp.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/registry/registry.hpp"
#include "fake_gateway.hpp"
#include "nat_upnp_errc.hpp"
#include "nat_upnp_limits.hpp"
#include "support/run_coro.hpp"

namespace {

namespace upnp = corrent::nat_upnp;
using namespace std::chrono_literals;
using corrent::PortProtocol;
using corrent::PortRequest;
using corrent::Task;
using corrent::net::Endpoint;
using nat_upnp_test::FakeGateway;
using Clock = std::chrono::steady_clock;

struct Event {
  bool mapped = false;
  PortRequest request;
  Endpoint external;
  std::error_code why;
};

class RecordingSink final : public corrent::MappingSink {
 public:
  void on_mapped(const PortRequest& request, Endpoint external) override {
    events.push_back(Event{true, request, external, {}});
  }
  void on_unmapped(const PortRequest& request, std::error_code why) override {
    events.push_back(Event{false, request, {}, why});
  }
  [[nodiscard]] std::size_t count(bool mapped) const {
    std::size_t n = 0;
    for (const auto& e : events) n += e.mapped == mapped ? 1 : 0;
    return n;
  }
  std::vector<Event> events;
};

const PortRequest kTcp{6881, PortProtocol::tcp};
const PortRequest kUdp{6881, PortProtocol::udp};

// Polls `done` every 10 ms for at most `limit`. A template, so that the lambda passed in a
// co_await's expression is no std::function temporary (which GCC 12 mishandles there).
template <class Done>
Task<bool> wait_until(Done done, std::chrono::milliseconds limit) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  const auto deadline = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() > deadline) co_return false;
    timer.expires_after(10ms);
    (void)co_await timer.async_wait(corrent::use_nothrow);
  }
  co_return true;
}

Task<void> run_mapper(corrent::PortMapper* mapper, std::vector<PortRequest> wanted, RecordingSink* sink,
                      std::optional<corrent::Result<void>>* result) {
  auto r = co_await mapper->run(std::move(wanted), *sink);
  *result = r;
}

struct Fixture {
  asio::io_context io;
  FakeGateway gateway{io};
  RecordingSink sink;
  corrent::Registry registry;
  std::optional<corrent::PluginSet> set;
  corrent::PortMapper* mapper = nullptr;
  std::optional<corrent::Result<void>> result;

  // Builds the plugin through the registry, searching at the fake gateway; `extra` adds
  // keys (", \"lease_s\": 2").
  void build(const std::string& extra = "") {
    corrent::plugins::register_nat_upnp(registry);
    const std::string text = R"({"nat_upnp": {"ssdp_address": "127.0.0.1", "ssdp_port": )" +
                             std::to_string(gateway.ssdp_port()) +
                             R"(, "search_ms": 300, "http_timeout_ms": 1000, "retry_ms": 200)" + extra + "}}";
    auto config = corrent::Config::parse(text);
    BOOST_REQUIRE(config);
    auto built = corrent::build_plugins(registry, *config, io.get_executor());
    BOOST_REQUIRE_MESSAGE(built, (built ? "" : built.error().message()));
    set.emplace(std::move(*built));
    mapper = set->find<corrent::PortMapper>("nat_upnp");
    BOOST_REQUIRE(mapper != nullptr);
  }

  // Runs the gateway and `scenario` (which gets a TaskGroup holding the mapper's run()).
  void run(std::vector<PortRequest> wanted,
           std::function<Task<void>(corrent::net::TaskGroup&)> scenario, std::chrono::seconds limit = 30s) {
    auto body = [&]() -> Task<void> {
      corrent::net::TaskGroup group(io.get_executor());
      group.spawn(run_mapper(mapper, wanted, &sink, &result));
      co_await scenario(group);
      co_await group.stop();
    };
    auto both = [&]() -> Task<void> {
      using namespace asio::experimental::awaitable_operators;
      co_await (gateway.serve() || body());
    };
    corrent::test::run_coro(io, both(), limit);
    corrent::test::run_coro(io, set->stop(), 5s);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(upnp_mapper, Fixture)

BOOST_AUTO_TEST_CASE(maps_tcp_and_udp_reports_the_external_address_and_removes_at_stop) {
  build();
  run({kTcp, kUdp}, [&](corrent::net::TaskGroup& group) -> Task<void> {
    const bool mapped = co_await wait_until([&] { return sink.count(true) == 2; }, 5000ms);
    BOOST_REQUIRE(mapped);
    BOOST_TEST(gateway.searches >= 3u);  // IGD:1, IGD:2, WANIPConnection:1
    BOOST_TEST((sink.events[0].request == kTcp));
    BOOST_TEST(sink.events[0].external.to_string() == "203.0.113.7:6881");
    BOOST_TEST((sink.events[1].request == kUdp));
    BOOST_TEST(sink.events[1].external.to_string() == "203.0.113.7:6881");
    const auto adds = gateway.actions_named("AddPortMapping");
    BOOST_REQUIRE(adds.size() == 2u);
    BOOST_TEST(adds[0].args.at("NewRemoteHost") == "");
    BOOST_TEST(adds[0].args.at("NewExternalPort") == "6881");
    BOOST_TEST(adds[0].args.at("NewProtocol") == "TCP");
    BOOST_TEST(adds[1].args.at("NewProtocol") == "UDP");
    BOOST_TEST(adds[0].args.at("NewInternalPort") == "6881");
    BOOST_TEST(adds[0].args.at("NewInternalClient") == "127.0.0.1");
    BOOST_TEST(adds[0].args.at("NewEnabled") == "1");
    BOOST_TEST(adds[0].args.at("NewPortMappingDescription") == "corrent");
    BOOST_TEST(adds[0].args.at("NewLeaseDuration") == "3600");
    BOOST_TEST(gateway.actions_named("GetExternalIPAddress").size() == 1u);
    const auto before = Clock::now();
    const bool in_time = co_await group.stop_within(2000ms);
    BOOST_TEST(in_time);
    BOOST_TEST((Clock::now() - before < 1s));
    const auto deletes = gateway.actions_named("DeletePortMapping");
    BOOST_REQUIRE(deletes.size() == 2u);
    BOOST_TEST(deletes[0].args.at("NewExternalPort") == "6881");
    BOOST_TEST(deletes[0].args.at("NewProtocol") == "TCP");
    BOOST_TEST(deletes[1].args.at("NewProtocol") == "UDP");
    BOOST_REQUIRE(sink.events.size() == 4u);
    BOOST_TEST(!sink.events[2].mapped);
    BOOST_TEST((sink.events[2].why == asio::error::operation_aborted));
  });
  BOOST_REQUIRE(result.has_value());
  BOOST_TEST(result->has_value());
}

BOOST_AUTO_TEST_CASE(renews_at_half_the_lease_and_reports_a_new_external_address) {
  build(R"(, "lease_s": 2)");
  run({kTcp}, [&](corrent::net::TaskGroup&) -> Task<void> {
    const bool renewed = co_await wait_until([&] { return gateway.actions_named("AddPortMapping").size() >= 3; }, 5000ms);
    BOOST_REQUIRE(renewed);
    const auto adds = gateway.actions_named("AddPortMapping");
    BOOST_TEST(adds[0].args.at("NewLeaseDuration") == "2");
    const auto gap = adds[1].at - adds[0].at;
    BOOST_TEST((gap >= 900ms));
    BOOST_TEST((gap < 2000ms));
    BOOST_TEST(sink.events.size() == 1u);  // a renewal is not news
    gateway.external_ip = "203.0.113.8";
    const bool moved = co_await wait_until([&] { return sink.count(true) == 2; }, 5000ms);
    BOOST_REQUIRE(moved);
    BOOST_REQUIRE(sink.events.size() == 3u);
    BOOST_TEST(!sink.events[1].mapped);
    BOOST_TEST((sink.events[1].why == upnp::errc::gateway_changed));
    BOOST_TEST(sink.events[2].external.to_string() == "203.0.113.8:6881");
  });
}

BOOST_AUTO_TEST_CASE(permanent_lease_after_725_and_another_port_after_718) {
  build();
  gateway.add_faults = {upnp::kOnlyPermanentLeasesSupported, upnp::kConflictInMappingEntry};
  run({kTcp}, [&](corrent::net::TaskGroup&) -> Task<void> {
    const bool mapped = co_await wait_until([&] { return sink.count(true) == 1; }, 5000ms);
    BOOST_REQUIRE(mapped);
    const auto adds = gateway.actions_named("AddPortMapping");
    BOOST_REQUIRE(adds.size() == 3u);
    BOOST_TEST(adds[0].args.at("NewLeaseDuration") == "3600");
    BOOST_TEST(adds[1].args.at("NewLeaseDuration") == "0");
    BOOST_TEST(adds[1].args.at("NewExternalPort") == "6881");
    BOOST_TEST(adds[2].args.at("NewLeaseDuration") == "0");
    BOOST_TEST(adds[2].args.at("NewExternalPort") == "6882");
    BOOST_TEST(sink.events[0].external.to_string() == "203.0.113.7:6882");
  });
  const auto deletes = gateway.actions_named("DeletePortMapping");
  BOOST_REQUIRE(deletes.size() == 1u);
  BOOST_TEST(deletes[0].args.at("NewExternalPort") == "6882");
}

// After 718 the next port is tried; past 65535 the search wraps to kLowestExternalPort.
BOOST_AUTO_TEST_CASE(conflict_at_the_last_port_wraps_to_the_lowest) {
  build();
  gateway.add_faults = {upnp::kConflictInMappingEntry};
  const PortRequest last{65535, PortProtocol::udp};
  run({last}, [&](corrent::net::TaskGroup&) -> Task<void> {
    const bool mapped = co_await wait_until([&] { return sink.count(true) == 1; }, 5000ms);
    BOOST_REQUIRE(mapped);
    const auto adds = gateway.actions_named("AddPortMapping");
    BOOST_REQUIRE(adds.size() == 2u);
    BOOST_TEST(adds[0].args.at("NewExternalPort") == "65535");
    BOOST_TEST(adds[1].args.at("NewExternalPort") == std::to_string(upnp::kLowestExternalPort));
    BOOST_TEST(adds[1].args.at("NewInternalPort") == "65535");
    BOOST_TEST(sink.events[0].external.port() == upnp::kLowestExternalPort);
  });
}

BOOST_AUTO_TEST_CASE(refusals_past_the_conflict_bound_report_the_gateway_error) {
  build();
  gateway.add_faults.assign(upnp::kMaxConflictRetries + 1, upnp::kConflictInMappingEntry);
  run({kTcp}, [&](corrent::net::TaskGroup&) -> Task<void> {
    const bool told = co_await wait_until([&] { return !sink.events.empty(); }, 5000ms);
    BOOST_REQUIRE(told);
    BOOST_TEST(!sink.events[0].mapped);
    BOOST_TEST((sink.events[0].why == upnp::upnp_error(upnp::kConflictInMappingEntry)));
    BOOST_TEST(gateway.actions_named("AddPortMapping").size() == upnp::kMaxConflictRetries + 1);
    // After the back-off it tries again, and the gateway now takes it.
    const bool mapped = co_await wait_until([&] { return sink.count(true) == 1; }, 5000ms);
    BOOST_TEST(mapped);
  });
}

BOOST_AUTO_TEST_CASE(no_gateway_reports_unmapped_once_and_keeps_searching) {
  build();
  gateway.ssdp_silent = true;
  run({kTcp, kUdp}, [&](corrent::net::TaskGroup& group) -> Task<void> {
    const auto start = Clock::now();
    const bool told = co_await wait_until([&] { return sink.events.size() == 2; }, 5000ms);
    BOOST_REQUIRE(told);
    BOOST_TEST((Clock::now() - start < 1500ms));  // one 300 ms search, not more
    BOOST_TEST((sink.events[0].why == upnp::errc::no_gateway));
    const bool again = co_await wait_until([&] { return gateway.searches >= 9; }, 5000ms);
    BOOST_TEST(again);  // it searched again (after 200 ms, then 400 ms)
    BOOST_TEST(sink.events.size() == 2u);  // without saying it again
    const auto before = Clock::now();
    (void)co_await group.stop_within(2000ms);
    BOOST_TEST((Clock::now() - before < 500ms));
  });
  BOOST_TEST(gateway.actions.empty());
}

// Each bad gateway costs at most a search (300 ms) and an HTTP time-out (1 s) before the
// mapper says it cannot map, with the cause.
BOOST_AUTO_TEST_CASE(bad_gateways_cost_bounded_time) {
  struct Case {
    FakeGateway::Mode mode;
    std::function<bool(std::error_code)> expected;
  };
  const std::vector<Case> cases{
      {FakeGateway::Mode::garbage, [](std::error_code ec) { return ec.category().name() == std::string("corrent.http"); }},
      {FakeGateway::Mode::oversize, [](std::error_code ec) { return ec == upnp::errc::description_too_large; }},
      {FakeGateway::Mode::trickle, [](std::error_code ec) { return ec == corrent::net::http::errc::timed_out; }},
      {FakeGateway::Mode::silent, [](std::error_code ec) { return ec == corrent::net::http::errc::timed_out; }},
  };
  for (const auto& c : cases) {
    Fixture f;
    f.build();
    f.gateway.mode = c.mode;
    f.run({kTcp}, [&](corrent::net::TaskGroup& group) -> Task<void> {
      const auto start = Clock::now();
      const bool told = co_await wait_until([&] { return !f.sink.events.empty(); }, 5000ms);
      BOOST_REQUIRE(told);
      BOOST_TEST((Clock::now() - start < 2000ms));
      BOOST_TEST(!f.sink.events[0].mapped);
      BOOST_TEST(c.expected(f.sink.events[0].why), f.sink.events[0].why.message());
      const auto before = Clock::now();
      (void)co_await group.stop_within(2000ms);
      BOOST_TEST((Clock::now() - before < 1500ms));
    });
  }
}

BOOST_AUTO_TEST_CASE(a_rebooted_gateway_is_found_again_and_mapped_again) {
  build(R"(, "lease_s": 2)");
  run({kTcp}, [&](corrent::net::TaskGroup&) -> Task<void> {
    const bool mapped = co_await wait_until([&] { return sink.count(true) == 1; }, 5000ms);
    BOOST_REQUIRE(mapped);
    const auto first_port = gateway.http_port();
    gateway.reboot();
    BOOST_TEST(gateway.http_port() != first_port);
    const bool lost = co_await wait_until([&] { return sink.count(false) == 1; }, 5000ms);
    BOOST_REQUIRE(lost);
    BOOST_TEST((sink.events[1].why == asio::error::connection_refused));
    const bool again = co_await wait_until([&] { return sink.count(true) == 2; }, 5000ms);
    BOOST_REQUIRE(again);
    BOOST_TEST(sink.events[2].external.to_string() == "203.0.113.7:6881");
  });
}

// A gateway that stops answering while we remove: the second cancellation (the session's
// bound) aborts the removal in progress, and run() returns.
BOOST_AUTO_TEST_CASE(removal_is_cut_off_by_a_second_cancellation) {
  build();
  run({kTcp, kUdp}, [&](corrent::net::TaskGroup& group) -> Task<void> {
    const bool mapped = co_await wait_until([&] { return sink.count(true) == 2; }, 5000ms);
    BOOST_REQUIRE(mapped);
    gateway.mode = FakeGateway::Mode::silent;
    const auto before = Clock::now();
    const bool in_time = co_await group.stop_within(300ms);
    const auto took = Clock::now() - before;
    BOOST_TEST(!in_time);
    BOOST_TEST((took >= 300ms));
    BOOST_TEST((took < 900ms));  // not the 1 s HTTP time-out, nor two of them
  });
  BOOST_TEST(gateway.http_requests >= 4u);  // description, IP, two adds; then the silent delete
}

BOOST_AUTO_TEST_CASE(register_reads_its_section) {
  corrent::plugins::register_nat_upnp(registry);
  BOOST_REQUIRE(registry.contains("nat_upnp"));
  for (const auto* bad : {R"({"nat_upnp": {"ssdp_address": "not an address"}})",
                          R"({"nat_upnp": {"ssdp_address": "::1"}})", R"({"nat_upnp": {"ssdp_port": 0}})",
                          R"({"nat_upnp": {"lease_s": 1}})", R"({"nat_upnp": {"search_ms": 5}})",
                          R"({"nat_upnp": {"unknown_key": 1}})"}) {
    auto parsed = corrent::Config::parse(bad);
    BOOST_REQUIRE(parsed);
    BOOST_TEST(!corrent::build_plugins(registry, *parsed, io.get_executor()).has_value(), bad);
  }
  // "enabled": false builds no mapper (the registry skips the section's plugin).
  auto off = corrent::Config::parse(R"({"nat_upnp": {"enabled": false}})");
  BOOST_REQUIRE(off);
  auto none = corrent::build_plugins(registry, *off, io.get_executor());
  BOOST_REQUIRE(none);
  BOOST_TEST(none->find<corrent::PortMapper>("nat_upnp") == nullptr);
  auto defaults = corrent::Config::parse("{}");
  BOOST_REQUIRE(defaults);
  auto built = corrent::build_plugins(registry, *defaults, io.get_executor());
  BOOST_REQUIRE(built);
  BOOST_TEST(built->find<corrent::PortMapper>("nat_upnp") != nullptr);
  corrent::test::run_coro(io, built->stop(), 5s);
  corrent::test::run_coro(io, none->stop(), 5s);
}

BOOST_AUTO_TEST_SUITE_END()
