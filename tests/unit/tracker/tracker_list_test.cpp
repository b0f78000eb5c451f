// BEP 12 tiers: order, shuffle within a tier, promotion of the tracker that answered,
// failure backoff and gone trackers.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "corrent/tracker/tracker_list.hpp"

namespace {

namespace tr = corrent::tracker;
using namespace std::chrono_literals;
using Clock = corrent::Clock;
using Tiers = std::vector<std::vector<std::string>>;

// No shuffle: j = i - 1 swaps each element with itself.
std::uint32_t identity(std::uint32_t upper) { return upper - 1; }

std::vector<std::string> tier_urls(const tr::TrackerList& list, std::size_t tier) {
  std::vector<std::string> out;
  for (const auto& e : list.tiers()[tier]) out.push_back(e.url);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tracker_list)

BOOST_AUTO_TEST_CASE(tiers_in_order_duplicates_and_empties_dropped) {
  const tr::TrackerList list(Tiers{{"a", "b", ""}, {}, {"c", "a"}}, identity);
  BOOST_REQUIRE(list.tiers().size() == 2u);
  BOOST_TEST(tier_urls(list, 0) == (std::vector<std::string>{"a", "b"}));
  BOOST_TEST(tier_urls(list, 1) == (std::vector<std::string>{"c"}));
  BOOST_TEST(*list.next(Clock::now()) == "a");
  BOOST_TEST(list.urls() == (std::vector<std::string>{"a", "b", "c"}));
  BOOST_TEST(tr::TrackerList(Tiers{{""}}, identity).empty());
}

BOOST_AUTO_TEST_CASE(shuffle_uses_the_injected_random_within_tiers_only) {
  // Always 0: Fisher-Yates from the back swaps position i-1 with 0 each time.
  const tr::TrackerList list(Tiers{{"a", "b", "c"}, {"d", "e"}}, [](std::uint32_t) { return 0u; });
  BOOST_TEST(tier_urls(list, 0) == (std::vector<std::string>{"b", "c", "a"}));
  BOOST_TEST(tier_urls(list, 1) == (std::vector<std::string>{"e", "d"}));
  // Every permutation of a tier is reachable: count distinct orders over seeds.
  std::vector<std::vector<std::string>> seen;
  for (std::uint32_t seed = 0; seed < 50; ++seed) {
    std::uint32_t state = seed;
    const tr::TrackerList l(Tiers{{"a", "b", "c"}}, [&state](std::uint32_t upper) {
      state = state * 1103515245u + 12345u;
      return (state >> 16) % upper;
    });
    const auto order = tier_urls(l, 0);
    if (std::find(seen.begin(), seen.end(), order) == seen.end()) seen.push_back(order);
  }
  BOOST_TEST(seen.size() == 6u);
}

BOOST_AUTO_TEST_CASE(failure_moves_to_the_next_tracker_then_the_next_tier) {
  tr::TrackerList list(Tiers{{"a", "b"}, {"c"}}, identity);
  const auto t0 = Clock::now();
  list.on_failure("a", t0);
  BOOST_TEST(*list.next(t0) == "b");
  list.on_failure("b", t0);
  BOOST_TEST(*list.next(t0) == "c");
  list.on_failure("c", t0);
  BOOST_TEST(!list.next(t0).has_value());
  // All back off 5 + 12.5 * 1 = 17.5 s.
  BOOST_TEST((*list.next_retry(t0) == t0 + 17500ms));
  BOOST_TEST(*list.next(t0 + 17500ms) == "a");
  BOOST_TEST(!list.next_retry(t0 + 17500ms).has_value());  // one may be asked now
}

BOOST_AUTO_TEST_CASE(answering_tracker_moves_to_the_front_of_its_tier) {
  tr::TrackerList list(Tiers{{"a", "b", "c"}, {"d"}}, identity);
  const auto t0 = Clock::now();
  list.on_failure("a", t0);
  list.on_failure("b", t0);
  list.on_success("c");
  BOOST_TEST(tier_urls(list, 0) == (std::vector<std::string>{"c", "a", "b"}));
  BOOST_TEST(list.find("c")->fails == 0u);
  BOOST_TEST(list.find("a")->fails == 1u);  // the others keep their state
  list.on_success("d");
  BOOST_TEST(tier_urls(list, 1) == (std::vector<std::string>{"d"}));
  BOOST_TEST(*list.next(t0) == "c");
}

BOOST_AUTO_TEST_CASE(backoff_is_quadratic_and_capped) {
  const tr::TrackerBackoff b;
  BOOST_TEST(b.delay(1).count() == 17500);
  BOOST_TEST(b.delay(2).count() == 55000);
  BOOST_TEST(b.delay(10).count() == 1255000);
  BOOST_TEST(b.delay(16).count() == 3205000);  // below the cap
  BOOST_TEST(b.delay(17).count() == 3600000);  // 5 + 12.5 * 289 = 3617.5 s: capped
  BOOST_TEST(b.delay(1'000'000).count() == 3600000);
  tr::TrackerList list(Tiers{{"a"}}, identity, tr::TrackerBackoff{10ms, 1ms, 50ms});
  const auto t0 = Clock::now();
  for (int i = 0; i < 3; ++i) list.on_failure("a", t0);
  BOOST_TEST(list.find("a")->fails == 3u);
  BOOST_TEST((list.find("a")->retry_at == t0 + 19ms));
}

BOOST_AUTO_TEST_CASE(gone_trackers_are_never_asked_again) {
  tr::TrackerList list(Tiers{{"a"}, {"b"}}, identity);
  const auto t0 = Clock::now();
  list.on_failure("a", t0, true);
  BOOST_TEST(*list.next(t0 + 24h) == "b");
  list.on_failure("b", t0, true);
  BOOST_TEST(!list.next(t0 + 24h).has_value());
  BOOST_TEST(!list.next_retry(t0).has_value());
  BOOST_TEST(list.urls().empty());
  // Unknown URLs are ignored.
  list.on_success("zzz");
  list.on_failure("zzz", t0);
}

BOOST_AUTO_TEST_SUITE_END()
