// The sans-I/O timing: renewal at half the lifetime, back-off after failures, when a
// failure is reported, re-mapping after the gateway lost its state; and the epoch check.
#include <boost/test/unit_test.hpp>

#include <chrono>

#include "epoch_check.hpp"
#include "mapping_schedule.hpp"
#include "nat_pmp_limits.hpp"

namespace np = corrent::nat_pmp;
using namespace std::chrono_literals;
using np::Millis;

namespace {

const auto kExternal = corrent::net::Endpoint::v4({203, 0, 113, 7}, 7881);

np::MappingSchedule two_mappings(Millis now) {
  np::MappingSchedule s(30s, 120s);
  s.add(np::IpProtocol::tcp, 6881, {}, now);
  s.add(np::IpProtocol::udp, 6881, {}, now);
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mapping_schedule)

BOOST_AUTO_TEST_CASE(new_mappings_are_due_at_once_and_renewed_at_half_the_lifetime) {
  auto s = two_mappings(Millis{0});
  BOOST_TEST(s.due(Millis{0}).size() == 2u);
  BOOST_TEST(s.granted(0, kExternal, 7200s, Millis{0}));    // news: report
  BOOST_TEST(!s.granted(0, kExternal, 7200s, Millis{10}));  // the same: nothing to say
  BOOST_TEST(s.granted(0, kExternal.with_port(9000), 7200s, Millis{20}));  // another port
  BOOST_TEST((s.slots()[0].due == Millis{20} + 3600s));
  BOOST_TEST(s.due(Millis{30}).size() == 1u);  // only the UDP one
}

BOOST_AUTO_TEST_CASE(a_short_lifetime_does_not_make_renewals_spin) {
  auto s = two_mappings(Millis{0});
  s.granted(0, kExternal, 1s, Millis{0});
  BOOST_TEST((s.slots()[0].due == np::kMinRenewWait));
}

BOOST_AUTO_TEST_CASE(failures_back_off_and_are_reported_once) {
  auto s = two_mappings(Millis{0});
  BOOST_TEST(s.failed(0, false, Millis{0}));  // first failure of an unmapped one: report
  BOOST_TEST((s.slots()[0].due == Millis{30s}));
  BOOST_TEST(!s.failed(0, false, Millis{30s}));  // again: already said
  BOOST_TEST((s.slots()[0].due == Millis{30s} + 60s));
  BOOST_TEST(!s.failed(0, true, Millis{90s}));
  BOOST_TEST(!s.failed(0, true, Millis{210s}));
  BOOST_TEST((s.slots()[0].due == Millis{210s} + 120s));  // capped at retry_max
  BOOST_TEST(s.granted(0, kExternal, 7200s, Millis{330s}));
  BOOST_TEST(s.failed(0, true, Millis{400s}));  // a refusal loses the mapping: report
  BOOST_TEST((s.slots()[0].due == Millis{400s} + 30s));  // the back-off starts over
  BOOST_TEST(!s.slots()[0].external.has_value());
}

BOOST_AUTO_TEST_CASE(silence_keeps_a_mapping_until_its_lease_ends) {
  auto s = two_mappings(Millis{0});
  s.granted(0, kExternal, 100s, Millis{0});
  BOOST_TEST(!s.failed(0, false, Millis{50s}));  // renewal unanswered: the lease holds
  BOOST_TEST((s.slots()[0].due == Millis{80s}));
  BOOST_TEST(!s.failed(0, false, Millis{80s}));
  BOOST_TEST((s.slots()[0].due == Millis{100s}));  // not later than the lease's end
  BOOST_TEST(s.failed(0, false, Millis{100s}));    // the lease is over: lost
  BOOST_TEST(!s.slots()[0].external.has_value());
}

BOOST_AUTO_TEST_CASE(a_gateway_that_lost_its_state_has_the_held_mappings_made_again) {
  auto s = two_mappings(Millis{0});
  s.granted(0, kExternal, 7200s, Millis{0});
  s.failed(1, true, Millis{0});
  s.all_due(Millis{200});
  BOOST_TEST((s.slots()[0].due == np::kMinRenewWait));  // not sooner than that after its grant
  BOOST_TEST((s.slots()[1].due == Millis{30s}));         // a back-off is kept
  s.all_due(Millis{5s});
  BOOST_TEST((s.slots()[0].due == Millis{5s}));
  BOOST_TEST((s.next_due() == Millis{5s}));
}

BOOST_AUTO_TEST_CASE(the_epoch_check_sees_a_reboot) {
  np::EpochCheck check;
  BOOST_TEST(check.observe(1000, Millis{0}));
  BOOST_TEST(check.observe(1010, Millis{10s}));
  BOOST_TEST(check.observe(1009, Millis{10s}));  // replies crossed: one second behind is fine
  BOOST_TEST(!check.observe(5, Millis{11s}));     // backwards: rebooted
  BOOST_TEST(check.observe(105, Millis{111s}));
  // The server's clock advanced far less than ours: it restarted meanwhile.
  BOOST_TEST(!check.observe(110, Millis{211s}));
  check.reset();
  BOOST_TEST(check.observe(0, Millis{0}));
}

BOOST_AUTO_TEST_SUITE_END()
