// The rate limits, at their bound and one past it: our sending (SendBudget) and what one
// source may make us do (InboundFilter's per-source count); and our own announces dropped
// by their cookie.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "announce_message.hpp"
#include "inbound_filter.hpp"
#include "lsd_errc.hpp"
#include "lsd_limits.hpp"
#include "lsd_test_support.hpp"
#include "send_budget.hpp"

namespace lsd = corrent::lsd;
using corrent::Clock;
using corrent::net::Endpoint;
using lsd::test::bytes_of;
using lsd::test::hash_of;
using namespace std::chrono_literals;

namespace {

const Clock::time_point t0{};  // any fixed origin: the limits read only differences

std::string announce(std::string_view cookie, std::uint16_t port = 6881) {
  return lsd::encode_announce(lsd::Group::v4, 6771, port, std::vector{hash_of(7)}, cookie).value();
}

const Endpoint kPeer = Endpoint::v4({192, 168, 1, 20}, 6771);
const Endpoint kOther = Endpoint::v4({192, 168, 1, 21}, 6771);

}  // namespace

BOOST_AUTO_TEST_SUITE(lsd_rate_limits)

BOOST_AUTO_TEST_CASE(send_budget_allows_the_burst_then_one_a_minute) {
  lsd::SendBudget budget(t0);
  for (std::uint32_t i = 0; i < lsd::kSendBurst; ++i) BOOST_TEST(budget.try_take(t0 + 1s));
  BOOST_TEST(!budget.try_take(t0 + 1s));  // the burst + 1st
  BOOST_TEST((budget.next_allowed(t0 + 2s) == t0 + 1s + lsd::kSendRefill));
  BOOST_TEST(!budget.try_take(t0 + 1s + lsd::kSendRefill - 1ms));
  BOOST_TEST(budget.try_take(t0 + 1s + lsd::kSendRefill));
  BOOST_TEST(!budget.try_take(t0 + 1s + lsd::kSendRefill));
  // An hour idle gives back the burst, not more.
  BOOST_TEST(budget.tokens(t0 + 1h) == lsd::kSendBurst);
  for (std::uint32_t i = 0; i < lsd::kSendBurst; ++i) BOOST_TEST(budget.try_take(t0 + 1h));
  BOOST_TEST(!budget.try_take(t0 + 1h));
}

BOOST_AUTO_TEST_CASE(send_budget_sustains_one_per_refill) {
  lsd::SendBudget budget(t0);
  int sent = 0;
  for (auto t = t0; t < t0 + 10min; t += 1s) sent += budget.try_take(t) ? 1 : 0;
  // The burst, then one each minute after the first take: 3 + 9.
  BOOST_TEST(sent == static_cast<int>(lsd::kSendBurst) + 9);
}

BOOST_AUTO_TEST_CASE(own_announces_are_dropped_by_cookie) {
  lsd::InboundFilter filter("0123456789abcdef");
  const auto own = filter.check(bytes_of(announce("0123456789abcdef")), kPeer, t0);
  BOOST_TEST((own.verdict == lsd::Verdict::own));
  const auto other = filter.check(bytes_of(announce("0123456789abcdee")), kPeer, t0);
  BOOST_TEST((other.verdict == lsd::Verdict::accepted));
  const auto none = filter.check(bytes_of(announce("")), kPeer, t0);
  BOOST_TEST((none.verdict == lsd::Verdict::accepted));
  BOOST_TEST(filter.counts().own == 1u);
  BOOST_TEST(filter.counts().accepted == 2u);
}

BOOST_AUTO_TEST_CASE(an_accepted_announce_gives_the_source_address_with_the_announced_port) {
  lsd::InboundFilter filter("mine");
  const auto in = filter.check(bytes_of(announce("theirs", 51413)), kPeer, t0);
  BOOST_REQUIRE((in.verdict == lsd::Verdict::accepted));
  BOOST_TEST((in.peer == Endpoint::v4({192, 168, 1, 20}, 51413)));
  BOOST_TEST((in.info_hashes == std::vector{hash_of(7)}));
}

BOOST_AUTO_TEST_CASE(malformed_announces_say_why) {
  lsd::InboundFilter filter("mine");
  const auto in = filter.check(bytes_of("M-SEARCH * HTTP/1.1\r\n\r\n"), kPeer, t0);
  BOOST_TEST((in.verdict == lsd::Verdict::malformed));
  BOOST_TEST((in.error == lsd::errc::bad_start_line));
  BOOST_TEST(filter.counts().malformed == 1u);
}

BOOST_AUTO_TEST_CASE(no_peer_at_unspecified_or_multicast_sources) {
  lsd::InboundFilter filter("mine");
  for (const auto& source : {Endpoint::v4({0, 0, 0, 0}, 6771), Endpoint::v4({239, 192, 152, 143}, 6771),
                             Endpoint::v6({}, 6771), Endpoint::v6({0xff, 0x15}, 6771),
                             Endpoint::v4({10, 0, 0, 1}, 0)}) {
    BOOST_TEST((filter.check(bytes_of(announce("x")), source, t0).verdict == lsd::Verdict::bad_source),
               source.to_string());
  }
}

BOOST_AUTO_TEST_CASE(per_source_limit_at_the_bound_and_past_it) {
  lsd::InboundFilter filter("mine");
  const auto text = announce("theirs");
  for (std::uint32_t i = 0; i < lsd::kMaxAnnouncesPerSource; ++i) {
    BOOST_REQUIRE((filter.check(bytes_of(text), kPeer, t0 + 1ms * i).verdict == lsd::Verdict::accepted));
  }
  BOOST_TEST((filter.check(bytes_of(text), kPeer, t0 + 1s).verdict == lsd::Verdict::rate_limited));
  // Another port of the same address is the same source; another address is not.
  BOOST_TEST((filter.check(bytes_of(text), kPeer.with_port(1), t0 + 1s).verdict == lsd::Verdict::rate_limited));
  BOOST_TEST((filter.check(bytes_of(text), kOther, t0 + 1s).verdict == lsd::Verdict::accepted));
  // Our own announces are not counted against an address, nor are refused ones.
  BOOST_TEST((filter.check(bytes_of(announce("mine")), kPeer, t0 + 1s).verdict == lsd::Verdict::own));
  // The next window starts afresh.
  BOOST_TEST((filter.check(bytes_of(text), kPeer, t0 + lsd::kSourceWindow + 1s).verdict == lsd::Verdict::accepted));
}

BOOST_AUTO_TEST_CASE(own_announces_do_not_use_up_the_source_limit) {
  lsd::InboundFilter filter("mine", 2);
  for (int i = 0; i < 10; ++i) BOOST_TEST((filter.check(bytes_of(announce("mine")), kPeer, t0).verdict == lsd::Verdict::own));
  BOOST_TEST((filter.check(bytes_of(announce("x")), kPeer, t0).verdict == lsd::Verdict::accepted));
  BOOST_TEST((filter.check(bytes_of(announce("x")), kPeer, t0).verdict == lsd::Verdict::accepted));
  BOOST_TEST((filter.check(bytes_of(announce("x")), kPeer, t0).verdict == lsd::Verdict::rate_limited));
}

BOOST_AUTO_TEST_SUITE_END()
