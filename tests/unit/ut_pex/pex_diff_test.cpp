// PexDiff and PexReceiveRate: what one peer is told (added, dropped, flags, the limits, the
// peer itself left out) and the receiving rule at its limits.
#include <boost/test/unit_test.hpp>

#include <vector>

#include "pex_diff.hpp"
#include "pex_errc.hpp"
#include "pex_limits.hpp"
#include "pex_receive_rate.hpp"
#include "pex_test_util.hpp"

namespace {

using namespace pex_test;
namespace px = corrent::pex;
using corrent::ConnectedPeer;
using corrent::net::Endpoint;

std::vector<ConnectedPeer> peers(std::size_t n, std::uint16_t first_port = 1) {
  std::vector<ConnectedPeer> out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back({v4(static_cast<std::uint8_t>(i % 250), static_cast<std::uint16_t>(first_port + i)), false, false});
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pex_diff)

BOOST_AUTO_TEST_CASE(first_message_lists_everyone_with_flags) {
  px::PexDiff diff;
  const std::vector<ConnectedPeer> now{
      {v4(1, 1), true, false, "tcp"}, {v4(2, 2), false, true, "tcp"}, {v6(3, 3), true, true, "tcp"},
      {v4(4, 4), false, false, "tcp"}, {v4(5, 5), false, true, "utp"}};
  const auto m = diff.next(now, {});
  BOOST_REQUIRE_EQUAL(m.added.size(), 5u);
  BOOST_TEST((m.added[0] == px::AddedPeer{v4(1, 1), px::kFlagSeed}));
  BOOST_TEST((m.added[1] == px::AddedPeer{v4(2, 2), px::kFlagReachable}));
  BOOST_TEST((m.added[2] == px::AddedPeer{v6(3, 3), px::kFlagSeed | px::kFlagReachable}));
  BOOST_TEST((m.added[3] == px::AddedPeer{v4(4, 4), 0}));
  BOOST_TEST((m.added[4] == px::AddedPeer{v4(5, 5), px::kFlagReachable | px::kFlagUtp}));  // reached by uTP
  BOOST_TEST(m.dropped.empty());
  BOOST_TEST(diff.next(now, {}).empty());  // nothing changed
}

BOOST_AUTO_TEST_CASE(later_messages_are_the_difference) {
  px::PexDiff diff;
  (void)diff.next(std::vector<ConnectedPeer>{{v4(1, 1)}, {v4(2, 2)}, {v6(3, 3)}}, {});
  const auto m = diff.next(std::vector<ConnectedPeer>{{v4(2, 2)}, {v4(5, 5)}, {v6(6, 6)}}, {});
  BOOST_REQUIRE_EQUAL(m.added.size(), 2u);
  BOOST_TEST((m.added[0].endpoint == v4(5, 5)));
  BOOST_TEST((m.added[1].endpoint == v6(6, 6)));
  BOOST_TEST((m.dropped == std::vector<Endpoint>{v4(1, 1), v6(3, 3)}));
  // A dropped peer that comes back is added again.
  const auto back = diff.next(std::vector<ConnectedPeer>{{v4(1, 1)}, {v4(2, 2)}, {v4(5, 5)}, {v6(6, 6)}}, {});
  BOOST_REQUIRE_EQUAL(back.added.size(), 1u);
  BOOST_TEST((back.added[0].endpoint == v4(1, 1)));
  BOOST_TEST(back.dropped.empty());
}

BOOST_AUTO_TEST_CASE(the_peer_itself_and_port_zero_are_never_listed) {
  px::PexDiff diff;
  const Endpoint self = v4(9, 50000);
  const Endpoint self_listen = v4(9, 6881);
  const std::vector<ConnectedPeer> now{{self}, {self_listen}, {v4(1, 0)}, {v4(2, 2)}, {v4(2, 2)}};
  const std::vector<Endpoint> exclude{self, self_listen};
  const auto m = diff.next(now, exclude);
  BOOST_REQUIRE_EQUAL(m.added.size(), 1u);  // the duplicate once
  BOOST_TEST((m.added[0].endpoint == v4(2, 2)));
  BOOST_TEST(diff.told().size() == 1u);
}

BOOST_AUTO_TEST_CASE(added_at_and_past_the_limit) {
  px::PexDiff at;
  BOOST_TEST(at.next(peers(px::kMaxAddedPerMessage), {}).added.size() == px::kMaxAddedPerMessage);
  // One past: 50 now, the last one in the next message, IPv6 counted with IPv4.
  px::PexDiff over;
  auto now = peers(px::kMaxAddedPerMessage);
  now.push_back({v6(1, 1)});
  const auto first = over.next(now, {});
  BOOST_TEST(first.added.size() == px::kMaxAddedPerMessage);
  const auto second = over.next(now, {});
  BOOST_REQUIRE_EQUAL(second.added.size(), 1u);
  BOOST_TEST((second.added[0].endpoint == v6(1, 1)));
  BOOST_TEST(over.next(now, {}).empty());
}

BOOST_AUTO_TEST_CASE(dropped_at_and_past_the_limit) {
  for (const std::size_t n : {px::kMaxDroppedPerMessage, px::kMaxDroppedPerMessage + 1}) {
    BOOST_TEST_CONTEXT(n) {
      px::PexDiff diff;
      auto now = peers(n);
      while (!diff.next(now, {}).empty()) {
      }  // 51 peers take two messages
      BOOST_TEST(diff.told().size() == n);
      const auto first = diff.next(std::vector<ConnectedPeer>{}, {});
      BOOST_TEST(first.dropped.size() == std::min(n, px::kMaxDroppedPerMessage));
      BOOST_TEST(first.added.empty());
      const auto second = diff.next(std::vector<ConnectedPeer>{}, {});
      BOOST_TEST(second.dropped.size() == n - first.dropped.size());
      BOOST_TEST(diff.told().empty());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pex_receive_rate)

BOOST_AUTO_TEST_CASE(first_taken_then_one_per_gap_and_a_flood_closes) {
  px::PexReceiveRate rate;
  const auto t0 = corrent::Clock::time_point{} + std::chrono::hours(1);
  BOOST_TEST(rate.on_message(t0).value());
  // Early ones are ignored, up to the limit...
  for (std::uint32_t i = 1; i <= px::kMaxEarlyPexMessages; ++i) {
    const auto r = rate.on_message(t0 + std::chrono::seconds(i));
    BOOST_REQUIRE(r);
    BOOST_TEST(!*r);
  }
  BOOST_TEST(rate.ignored() == px::kMaxEarlyPexMessages);
  // ... a message at exactly the gap is taken (and does not reset the count) ...
  BOOST_TEST(rate.on_message(t0 + px::kPexMinReceiveGap).value());
  BOOST_TEST(!rate.on_message(t0 + px::kPexMinReceiveGap + px::kPexMinReceiveGap - std::chrono::milliseconds(1))
                  .has_value());  // ... and one past the limit of early ones is an error.
}

BOOST_AUTO_TEST_CASE(just_under_the_gap_is_early) {
  px::PexReceiveRate rate;
  const auto t0 = corrent::Clock::time_point{} + std::chrono::hours(1);
  BOOST_TEST(rate.on_message(t0).value());
  BOOST_TEST(!rate.on_message(t0 + px::kPexMinReceiveGap - std::chrono::milliseconds(1)).value());
  BOOST_TEST(rate.on_message(t0 + px::kPexMinReceiveGap).value());
  const auto err = rate.on_message(t0 + px::kPexMinReceiveGap);
  BOOST_TEST(err.has_value());  // early number 2 of 5: still only ignored
  BOOST_TEST(rate.ignored() == 2u);
  BOOST_TEST((std::error_code(px::errc::too_frequent).message() == "pex: messages sent too often"));
}

BOOST_AUTO_TEST_SUITE_END()
