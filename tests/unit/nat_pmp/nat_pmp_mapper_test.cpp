// The mapper against a scripted gateway on 127.0.0.1 (fake_gateway.hpp): PCP and NAT-PMP
// mappings reported, the fallback to NAT-PMP, a silent or garbage-spewing gateway costing
// bounded time, a refusal reported, renewal at half the lifetime, re-mapping after the
// gateway's reboot, a new external address reported, no default route reported, and
// register_nat_pmp's section. Stops in the middle of things: nat_pmp_stop_test.cpp.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <optional>

#include <asio/io_context.hpp>

#include "corrent/net/task_group.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/plugins/nat_pmp.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/registry/registry.hpp"
#include "mapper_rig.hpp"
#include "nat_pmp_errc.hpp"
#include "support/temp_dir.hpp"

namespace np = corrent::nat_pmp;
using namespace std::chrono_literals;
using corrent::Clock;
using corrent::PortProtocol;
using corrent::PortRequest;
using corrent::Task;
using namespace np::test;

BOOST_AUTO_TEST_SUITE(nat_pmp_mapper)

BOOST_AUTO_TEST_CASE(a_pcp_gateway_maps_both_protocols_and_the_mappings_are_deleted_at_stop) {
  Rig rig;
  auto scenario = [&]() -> Task<void> {
    rig.start();
    REQUIRE_WITHIN(2000ms, rig.sink.mapped.size() == 2u);
    BOOST_TEST((rig.sink.mapped[0].request == kWanted[0]));
    BOOST_TEST((rig.sink.mapped[0].external == kExternal));
    BOOST_TEST((rig.sink.mapped[1].request == kWanted[1]));
    BOOST_TEST((rig.sink.mapped[1].external == kExternal));
    BOOST_TEST_REQUIRE(rig.gateway.seen.size() == 2u);
    const np::test::Bytes localhost{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
    for (const auto& s : rig.gateway.seen) {
      BOOST_TEST(s.pcp);
      BOOST_TEST(s.client_address == localhost);  // our address as the socket sends from it
      BOOST_TEST(s.lifetime == 7200u);
      BOOST_TEST(s.internal_port == 6881);
    }
    BOOST_TEST(rig.gateway.seen[0].protocol == 6);
    BOOST_TEST(rig.gateway.seen[1].protocol == 17);
    const auto took = co_await rig.stop_mapper();
    BOOST_TEST(took < 1000ms);
    const auto tcp_deletes = rig.gateway.maps(6, true);
    const auto udp_deletes = rig.gateway.maps(17, true);
    BOOST_TEST_REQUIRE(tcp_deletes.size() == 1u);
    BOOST_TEST_REQUIRE(udp_deletes.size() == 1u);
    BOOST_TEST(tcp_deletes[0].nonce == rig.gateway.seen[0].nonce);  // the mapping's own nonce
    BOOST_TEST(udp_deletes[0].nonce == rig.gateway.seen[1].nonce);
    BOOST_TEST(rig.sink.unmapped.size() == 2u);
    BOOST_TEST(all_errors(rig.sink, asio::error::operation_aborted));
    BOOST_TEST_REQUIRE(rig.returned.has_value());
    BOOST_TEST(rig.returned->has_value());
  };
  corrent::test::run_coro(rig.io, scenario(), 10s);
  rig.finish();
}

BOOST_AUTO_TEST_CASE(a_natpmp_gateway_maps_with_its_external_address) {
  np::NatPmpSettings settings;
  settings.pcp = false;
  Rig rig(settings);
  auto scenario = [&]() -> Task<void> {
    rig.start();
    REQUIRE_WITHIN(2000ms, rig.sink.mapped.size() == 2u);
    BOOST_TEST((rig.sink.mapped[0].external == kExternal));
    BOOST_TEST((rig.sink.mapped[1].external == kExternal));
    BOOST_TEST_REQUIRE(rig.gateway.seen.size() == 3u);
    BOOST_TEST(!rig.gateway.seen[0].pcp);
    BOOST_TEST(rig.gateway.seen[0].opcode == 0);  // the external address first
    BOOST_TEST(rig.gateway.seen[1].opcode == 2);  // TCP
    BOOST_TEST(rig.gateway.seen[1].suggested_port == 6881);
    BOOST_TEST(rig.gateway.seen[2].opcode == 1);  // UDP
    const auto took = co_await rig.stop_mapper();
    BOOST_TEST(took < 1000ms);
    BOOST_TEST(rig.gateway.maps(6, true).size() == 1u);
    BOOST_TEST(rig.gateway.maps(17, true).size() == 1u);
    BOOST_TEST(rig.gateway.maps(6, true)[0].suggested_port == 0);  // RFC 6886 §3.4
    BOOST_TEST(rig.sink.unmapped.size() == 2u);
  };
  corrent::test::run_coro(rig.io, scenario(), 10s);
  rig.finish();
}

BOOST_AUTO_TEST_CASE(a_gateway_without_pcp_is_spoken_to_in_natpmp) {
  for (const bool pcp_header : {false, true}) {
    Rig rig;
    rig.gateway.pcp = pcp_header;  // with a PCP header: UNSUPP_VERSION from a version-1 server
    rig.gateway.pcp_unsupp_header = pcp_header;
    auto scenario = [&]() -> Task<void> {
      rig.start();
      REQUIRE_WITHIN(2000ms, rig.sink.mapped.size() == 2u);
      BOOST_TEST((rig.sink.mapped[0].external == kExternal));
      BOOST_TEST((rig.sink.mapped[1].external == kExternal));
      BOOST_TEST_REQUIRE(rig.gateway.seen.size() == 4u);
      BOOST_TEST(rig.gateway.seen[0].pcp);  // PCP first, once
      for (std::size_t i = 1; i < 4; ++i) BOOST_TEST(!rig.gateway.seen[i].pcp);
      BOOST_TEST(rig.sink.unmapped.empty());
      (void)co_await rig.stop_mapper();
      BOOST_TEST(rig.gateway.maps(6, true).size() == 1u);
      BOOST_TEST(!rig.gateway.maps(6, true)[0].pcp);  // deleted in NAT-PMP too
    };
    corrent::test::run_coro(rig.io, scenario(), 10s);
    rig.finish();
  }
}

BOOST_AUTO_TEST_CASE(a_silent_gateway_costs_bounded_time_and_is_reported) {
  Rig rig;
  rig.gateway.silent = true;
  auto scenario = [&]() -> Task<void> {
    const auto t0 = Clock::now();
    rig.start();
    REQUIRE_WITHIN(4000ms, rig.sink.unmapped.size() == 2u);
    const auto took = since(t0);
    BOOST_TEST(took >= 1700ms);  // 250 + 500 + 1000 ms of waiting
    BOOST_TEST(took < 3000ms);
    BOOST_TEST(all_errors(rig.sink, np::errc::timed_out));
    BOOST_TEST(rig.gateway.seen.size() == 3u);  // one request, three sends; the other waits for the next round
    BOOST_TEST(rig.sink.mapped.empty());
    const auto stopped = co_await rig.stop_mapper();
    BOOST_TEST(stopped < 500ms);  // nothing to delete
    BOOST_TEST(rig.sink.unmapped.size() == 2u);
  };
  corrent::test::run_coro(rig.io, scenario(), 10s);
  rig.finish();
}

// Nothing listens on the port: the ICMP errors the socket then reports do not make the
// exchange spin or end early; it waits out each attempt as for silence.
BOOST_AUTO_TEST_CASE(a_closed_port_costs_bounded_time) {
  asio::io_context io;
  std::uint16_t closed = 0;
  {
    asio::ip::udp::socket probe(io, asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0));
    closed = probe.local_endpoint().port();
  }
  np::NatPmpSettings settings;
  settings.gateway = np::Ipv4Bytes{127, 0, 0, 1};
  settings.port = closed;
  settings.max_attempts = 3;
  np::NatPmpMapper mapper(io.get_executor(), settings);
  Recorder sink;
  std::optional<corrent::Result<void>> returned;
  corrent::net::TaskGroup tasks(io.get_executor());
  auto scenario = [&]() -> Task<void> {
    const auto t0 = Clock::now();
    tasks.spawn(run_mapper(&mapper, &sink, &returned));
    REQUIRE_WITHIN(4000ms, sink.unmapped.size() == 2u);
    BOOST_TEST(since(t0) >= 1700ms);
    BOOST_TEST(since(t0) < 3000ms);
    BOOST_TEST(all_errors(sink, np::errc::timed_out));
    const bool within = co_await tasks.stop_within(3000ms);
    BOOST_TEST(within);
    BOOST_TEST_REQUIRE(returned.has_value());
  };
  corrent::test::run_coro(io, scenario(), 10s);
}

BOOST_AUTO_TEST_CASE(garbage_replies_are_ignored) {
  for (const bool pcp : {true, false}) {
    np::NatPmpSettings settings;
    settings.pcp = pcp;
    Rig rig(settings);
    rig.gateway.garbage_before = 3;
    auto scenario = [&]() -> Task<void> {
      rig.start();
      REQUIRE_WITHIN(2000ms, rig.sink.mapped.size() == 2u);
      BOOST_TEST((rig.sink.mapped[0].external == kExternal));
      BOOST_TEST((rig.sink.mapped[1].external == kExternal));
      BOOST_TEST(rig.sink.unmapped.empty());
      BOOST_TEST(rig.gateway.seen.size() == (pcp ? 2u : 3u));  // each answered at the first send
      (void)co_await rig.stop_mapper();
    };
    corrent::test::run_coro(rig.io, scenario(), 10s);
    rig.finish();
  }
}

BOOST_AUTO_TEST_CASE(a_gateway_answering_only_garbage_costs_bounded_time) {
  Rig rig;
  rig.gateway.garbage_only = true;
  auto scenario = [&]() -> Task<void> {
    const auto t0 = Clock::now();
    rig.start();
    REQUIRE_WITHIN(4000ms, rig.sink.unmapped.size() == 2u);
    BOOST_TEST(since(t0) < 3000ms);
    BOOST_TEST(all_errors(rig.sink, np::errc::timed_out));
    BOOST_TEST(rig.sink.mapped.empty());
    (void)co_await rig.stop_mapper();
  };
  corrent::test::run_coro(rig.io, scenario(), 10s);
  rig.finish();
}

BOOST_AUTO_TEST_CASE(a_refusal_is_reported_with_its_result_code) {
  for (const bool pcp : {true, false}) {
    np::NatPmpSettings settings;
    settings.pcp = pcp;
    Rig rig(settings);
    rig.gateway.pcp_result = 2;     // NOT_AUTHORIZED
    rig.gateway.natpmp_result = 2;  // Not Authorized/Refused
    auto scenario = [&]() -> Task<void> {
      rig.start();
      REQUIRE_WITHIN(1000ms, rig.sink.unmapped.size() == 2u);
      BOOST_TEST(all_errors(rig.sink, np::errc::not_authorized));
      BOOST_TEST(rig.sink.mapped.empty());
      co_await sleep_for(300ms);
      BOOST_TEST(rig.sink.unmapped.size() == 2u);  // said once; the retry waits its back-off
      const auto stopped = co_await rig.stop_mapper();
      BOOST_TEST(stopped < 500ms);
    };
    corrent::test::run_coro(rig.io, scenario(), 10s);
    rig.finish();
  }
}

BOOST_AUTO_TEST_CASE(mappings_are_renewed_at_half_their_lifetime) {
  for (const bool pcp : {true, false}) {
    np::NatPmpSettings settings;
    settings.pcp = pcp;
    Rig rig(settings);
    rig.gateway.lifetime_of = [](std::uint8_t) { return 2u; };
    auto scenario = [&]() -> Task<void> {
      rig.start();
      REQUIRE_WITHIN(3000ms, rig.gateway.maps(6).size() >= 2u && rig.gateway.maps(17).size() >= 2u);
      const auto tcp = rig.gateway.maps(6);
      const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(tcp[1].at - tcp[0].at);
      BOOST_TEST(gap >= 900ms);  // half of 2 s
      BOOST_TEST(gap < 1800ms);
      BOOST_TEST(tcp[1].nonce == tcp[0].nonce);  // PCP: the same mapping
      BOOST_TEST(tcp[1].suggested_port == kExternal.port());  // asks for what it has
      BOOST_TEST(rig.sink.mapped.size() == 2u);  // renewals to the same endpoint say nothing new
      BOOST_TEST(rig.sink.unmapped.empty());
      (void)co_await rig.stop_mapper();
    };
    corrent::test::run_coro(rig.io, scenario(), 10s);
    rig.finish();
  }
}

BOOST_AUTO_TEST_CASE(a_new_external_address_is_reported_at_the_next_renewal) {
  for (const bool pcp : {true, false}) {
    np::NatPmpSettings settings;
    settings.pcp = pcp;
    Rig rig(settings);
    rig.gateway.lifetime_of = [](std::uint8_t) { return 2u; };
    auto scenario = [&]() -> Task<void> {
      rig.start();
      REQUIRE_WITHIN(2000ms, rig.sink.mapped.size() == 2u);
      rig.gateway.external = {198, 51, 100, 9};  // the gateway's WAN address changed
      REQUIRE_WITHIN(2500ms, rig.sink.mapped.size() == 4u);
      const auto moved = corrent::net::Endpoint::v4({198, 51, 100, 9}, kExternal.port());
      BOOST_TEST((rig.sink.mapped[2].external == moved));
      BOOST_TEST((rig.sink.mapped[3].external == moved));
      BOOST_TEST(rig.sink.unmapped.empty());
      (void)co_await rig.stop_mapper();
    };
    corrent::test::run_coro(rig.io, scenario(), 10s);
    rig.finish();
  }
}

BOOST_AUTO_TEST_CASE(a_gateway_reboot_has_every_mapping_made_again) {
  Rig rig;
  // TCP renewed after 1 s, UDP not for half an hour: unless the reboot is noticed.
  rig.gateway.lifetime_of = [](std::uint8_t protocol) { return protocol == 6 ? 2u : 3600u; };
  rig.gateway.epoch_of = [](std::size_t n) -> std::uint32_t { return n < 2 ? 100000 : 1; };
  auto scenario = [&]() -> Task<void> {
    rig.start();
    REQUIRE_WITHIN(2000ms, rig.gateway.maps(6).size() >= 2u);  // the renewal, answered with epoch 1
    const auto reboot = rig.gateway.maps(6)[1].at;
    REQUIRE_WITHIN(1500ms, rig.gateway.maps(17).size() >= 2u);
    const auto remapped = rig.gateway.maps(17)[1].at;
    BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(remapped - reboot) < 900ms);
    BOOST_TEST(rig.sink.unmapped.empty());
    (void)co_await rig.stop_mapper();
  };
  corrent::test::run_coro(rig.io, scenario(), 10s);
  rig.finish();
}

BOOST_AUTO_TEST_CASE(no_default_route_is_reported) {
  corrent::test::TempDir dir;
  {
    std::ofstream out(dir.path() / "route");
    out << "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";
  }
  asio::io_context io;
  np::NatPmpSettings settings;
  settings.route_file = dir.path() / "route";
  np::NatPmpMapper mapper(io.get_executor(), settings);
  Recorder sink;
  std::optional<corrent::Result<void>> returned;
  corrent::net::TaskGroup tasks(io.get_executor());
  auto scenario = [&]() -> Task<void> {
    tasks.spawn(run_mapper(&mapper, &sink, &returned));
    REQUIRE_WITHIN(1000ms, sink.unmapped.size() == 2u);
    BOOST_TEST(all_errors(sink, np::errc::no_gateway));
    const bool within = co_await tasks.stop_within(3000ms);
    BOOST_TEST(within);
    BOOST_TEST_REQUIRE(returned.has_value());
  };
  corrent::test::run_coro(io, scenario(), 10s);
}

BOOST_AUTO_TEST_CASE(register_nat_pmp_reads_its_section) {
  asio::io_context io;
  corrent::Registry registry;
  corrent::plugins::register_nat_pmp(registry);
  BOOST_REQUIRE(registry.contains("nat_pmp"));
  auto config = corrent::Config::parse(
      R"({"nat_pmp": {"gateway": "127.0.0.1", "port": 15351, "lifetime_s": 60, "max_attempts": 2, "pcp": false}})");
  BOOST_REQUIRE(config);
  auto set = corrent::build_plugins(registry, *config, io.get_executor());
  BOOST_REQUIRE_MESSAGE(set, (set ? "" : set.error().message()));
  BOOST_TEST(dynamic_cast<np::NatPmpMapper*>(set->find<corrent::PortMapper>("nat_pmp")) != nullptr);
  corrent::test::run_coro(io, set->stop(), 5s);
  auto disabled = corrent::Config::parse(R"({"nat_pmp": {"enabled": false}})");
  BOOST_REQUIRE(disabled);
  auto none = corrent::build_plugins(registry, *disabled, io.get_executor());
  BOOST_REQUIRE(none);
  BOOST_TEST(none->find<corrent::PortMapper>("nat_pmp") == nullptr);
  for (const auto* bad : {R"({"nat_pmp": {"gateway": "not an address"}})", R"({"nat_pmp": {"gateway": "::1"}})",
                          R"({"nat_pmp": {"port": 0}})", R"({"nat_pmp": {"lifetime_s": 0}})",
                          R"({"nat_pmp": {"max_attempts": 10}})", R"({"nat_pmp": {"unknown_key": 1}})"}) {
    auto parsed = corrent::Config::parse(bad);
    BOOST_REQUIRE(parsed);
    BOOST_TEST(!corrent::build_plugins(registry, *parsed, io.get_executor()).has_value(), bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()
