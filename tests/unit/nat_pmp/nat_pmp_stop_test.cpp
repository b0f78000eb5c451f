// The mapper's stop, as the session drives it (TaskGroup::stop_within with its 3 s bound):
// deletions go out even when the stop lands in the middle of an exchange, an exchange in
// flight ends at once, and a gateway that stops answering costs one bounded deletion.
#include <boost/test/unit_test.hpp>

#include <chrono>

#include "mapper_rig.hpp"
#include "nat_pmp_limits.hpp"

namespace np = corrent::nat_pmp;
using namespace std::chrono_literals;
using corrent::Task;
using namespace np::test;

BOOST_AUTO_TEST_SUITE(nat_pmp_stop)

BOOST_AUTO_TEST_CASE(a_stop_during_an_exchange_ends_it_at_once) {
  Rig rig;
  rig.gateway.silent = true;
  auto scenario = [&]() -> Task<void> {
    rig.start();
    REQUIRE_WITHIN(1000ms, rig.gateway.seen.size() == 2u);  // inside the second wait
    const auto took = co_await rig.stop_mapper();
    BOOST_TEST(took < 300ms);
    // run() returned (no exception escaped it), with nothing mapped and nothing to delete.
    BOOST_TEST_REQUIRE(rig.returned.has_value());
    BOOST_TEST(rig.returned->has_value());
    BOOST_TEST(rig.sink.unmapped.empty());
    BOOST_TEST(rig.gateway.seen.size() == 2u);
  };
  corrent::test::run_coro(rig.io, scenario(), 10s);
  rig.finish();
}

BOOST_AUTO_TEST_CASE(a_stop_during_a_renewal_still_deletes) {
  Rig rig;
  rig.gateway.lifetime_of = [](std::uint8_t) { return 2u; };
  auto scenario = [&]() -> Task<void> {
    rig.start();
    REQUIRE_WITHIN(2000ms, rig.sink.mapped.size() == 2u);
    rig.gateway.silent = true;  // the renewal at 1 s goes unanswered
    REQUIRE_WITHIN(2000ms, rig.gateway.maps(6).size() == 2u);
    rig.gateway.silent = false;
    const auto took = co_await rig.stop_mapper();
    BOOST_TEST(took < 1000ms);
    BOOST_TEST(rig.gateway.maps(6, true).size() == 1u);
    BOOST_TEST(rig.gateway.maps(17, true).size() == 1u);
    BOOST_TEST(rig.sink.unmapped.size() == 2u);
    BOOST_TEST_REQUIRE(rig.returned.has_value());
    BOOST_TEST(rig.returned->has_value());
  };
  corrent::test::run_coro(rig.io, scenario(), 10s);
  rig.finish();
}

BOOST_AUTO_TEST_CASE(a_gateway_silent_at_stop_costs_bounded_time) {
  Rig rig;
  auto scenario = [&]() -> Task<void> {
    rig.start();
    REQUIRE_WITHIN(2000ms, rig.sink.mapped.size() == 2u);
    rig.gateway.silent = true;
    const auto took = co_await rig.stop_mapper();
    BOOST_TEST(took >= 1700ms);  // one deletion, kDeleteAttempts sends
    BOOST_TEST(took < 2500ms);
    BOOST_TEST(rig.gateway.maps(6, true).size() == np::kDeleteAttempts);
    BOOST_TEST(rig.gateway.maps(17, true).empty());  // not tried: the gateway is silent
    BOOST_TEST(rig.sink.unmapped.size() == 2u);
  };
  corrent::test::run_coro(rig.io, scenario(), 10s);
  rig.finish();
}

BOOST_AUTO_TEST_SUITE_END()
