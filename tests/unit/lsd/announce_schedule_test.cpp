// AnnounceSchedule: a torrent is due at once, then every interval after each announce.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <vector>

#include "announce_schedule.hpp"
#include "lsd_limits.hpp"
#include "lsd_test_support.hpp"

namespace lsd = corrent::lsd;
using corrent::Clock;
using lsd::test::hash_of;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(lsd_announce_schedule)

BOOST_AUTO_TEST_CASE(due_at_once_then_every_interval) {
  const Clock::time_point t0{};
  lsd::AnnounceSchedule schedule(lsd::kAnnounceInterval);
  BOOST_TEST(!schedule.next_due().has_value());
  BOOST_TEST(schedule.add(hash_of(1), t0));
  BOOST_TEST(!schedule.add(hash_of(1), t0 + 1s));  // already there: its time stays
  BOOST_TEST((schedule.next_due() == t0));
  BOOST_TEST((schedule.due(t0) == std::vector{hash_of(1)}));
  schedule.mark_sent(hash_of(1), t0);
  BOOST_TEST(schedule.due(t0 + lsd::kAnnounceInterval - 1ms).empty());
  BOOST_TEST((schedule.due(t0 + lsd::kAnnounceInterval) == std::vector{hash_of(1)}));
  BOOST_TEST(schedule.remove(hash_of(1)));
  BOOST_TEST(!schedule.remove(hash_of(1)));
  BOOST_TEST(!schedule.next_due().has_value());
}

BOOST_AUTO_TEST_CASE(longest_overdue_first) {
  const Clock::time_point t0{};
  lsd::AnnounceSchedule schedule(10s);
  schedule.add(hash_of(3), t0 + 2s);
  schedule.add(hash_of(1), t0 + 5s);
  schedule.add(hash_of(2), t0);
  BOOST_TEST((schedule.due(t0 + 4s) == std::vector{hash_of(2), hash_of(3)}));
  BOOST_TEST((schedule.due(t0 + 5s) == std::vector{hash_of(2), hash_of(3), hash_of(1)}));
  BOOST_TEST((schedule.next_due() == t0));
}

BOOST_AUTO_TEST_SUITE_END()
