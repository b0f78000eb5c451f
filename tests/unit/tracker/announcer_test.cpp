// The Announcer against scripted protocols and short intervals: started first, then by
// interval, min interval respected, completed at once, stopped at shutdown within its
// bound, BEP 12 fail-over, tracker ids echoed, peers pushed.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "corrent/tracker/announcer.hpp"
#include "corrent/tracker/errc.hpp"
#include "fake_torrent.hpp"
#include "fake_tracker.hpp"
#include "support/require_error.hpp"
#include "support/run_coro.hpp"

using corrent::test::error_of;

namespace {

namespace tr = corrent::tracker;
using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
using corrent::Task;
using corrent::test::FakeTracker;
using Event = tr::AnnounceEvent;
using Tiers = std::vector<std::vector<std::string>>;

tr::AnnounceResponse reply(std::chrono::seconds interval, std::size_t peers = 1) {
  tr::AnnounceResponse r;
  r.interval = interval;
  for (std::size_t i = 0; i < peers; ++i) {
    r.peers.push_back(corrent::net::Endpoint::v4({10, 0, 0, static_cast<std::uint8_t>(i + 1)}, 6881));
  }
  return r;
}

tr::AnnouncerSettings fast() {
  tr::AnnouncerSettings s;
  s.min_announce_interval = 0ms;
  s.max_announce_interval = 100ms;
  s.stop_timeout = 300ms;
  return s;
}

struct Fixture {
  asio::io_context io;
  FakeTracker fake;
  corrent::test::FakeTorrent torrent{io.get_executor()};  // port 6881, totals 1, 2, 3
  std::vector<tr::AnnounceOutcome> outcomes;

  std::unique_ptr<tr::Announcer> make(Tiers tiers, tr::AnnouncerSettings settings = fast(),
                                       tr::TrackerBackoff backoff = {}) {
    auto a = std::make_unique<tr::Announcer>(
        io.get_executor(), tr::TrackerList(std::move(tiers), [](std::uint32_t u) { return u - 1; }, backoff),
        tr::TrackerClient(tr::lookup_in({&fake})), settings);
    a->set_observer([this](const tr::AnnounceOutcome& o) { outcomes.push_back(o); });
    return a;
  }

  // Runs the announcer, with `driver` beside it; when the driver ends, run() is cancelled.
  corrent::Result<void> run(tr::Announcer& a, Task<void> driver) {
    auto both = [](tr::Announcer& an, corrent::DiscoveryContext& t, Task<void> d) -> Task<corrent::Result<void>> {
      auto r = co_await (an.run(t) || std::move(d));
      if (r.index() == 0) co_return std::get<0>(r);
      co_return corrent::Result<void>{};
    };
    return corrent::test::run_coro(io, both(a, torrent, std::move(driver)), 10s);
  }
};

Task<void> sleep(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  co_await t.async_wait(corrent::use_nothrow);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(announcer, Fixture)

BOOST_AUTO_TEST_CASE(started_then_by_interval_then_stopped) {
  fake.fallback.reply = reply(1s, 2);
  auto a = make({{"fake://t/announce"}});
  BOOST_TEST(run(*a, sleep(350ms)).has_value());
  const auto events = fake.events();
  BOOST_REQUIRE(events.size() >= 4u);
  BOOST_TEST((events.front() == Event::started));
  BOOST_TEST((events.back() == Event::stopped));
  for (std::size_t i = 1; i + 1 < events.size(); ++i) BOOST_TEST((events[i] == Event::none));
  BOOST_TEST(events.size() <= 6u);  // about every 100 ms, not more often
  const auto& first = fake.calls.front().request;
  BOOST_TEST(first.port == 6881);
  BOOST_TEST(first.uploaded == 1u);
  BOOST_TEST(first.downloaded == 2u);
  BOOST_TEST(first.left == 3u);
  BOOST_TEST((fake.calls.back().request.numwant == std::optional<std::uint32_t>(0)));
  BOOST_TEST(torrent.found.size() == 2 * (events.size() - 1));  // every answer but stopped's
  BOOST_TEST(outcomes.size() == events.size());
}

BOOST_AUTO_TEST_CASE(min_interval_is_respected) {
  auto r = reply(1s);
  r.min_interval = 1s;
  fake.fallback.reply = r;
  auto a = make({{"fake://t/announce"}});
  auto driver = [](tr::Announcer& an) -> Task<void> {
    co_await sleep(50ms);
    an.announce_now();  // too early: waits for the min interval
    co_await sleep(600ms);
  };
  BOOST_TEST(run(*a, driver(*a)).has_value());
  BOOST_TEST((fake.events() == std::vector<Event>{Event::started, Event::stopped}));
}

BOOST_AUTO_TEST_CASE(announce_now_goes_once_min_interval_passed) {
  fake.fallback.reply = reply(1s);  // capped at max_announce_interval below
  auto settings = fast();
  settings.max_announce_interval = 10s;
  auto a = make({{"fake://t/announce"}}, settings);
  auto driver = [](tr::Announcer& an) -> Task<void> {
    co_await sleep(50ms);
    an.announce_now();
    co_await sleep(100ms);
  };
  BOOST_TEST(run(*a, driver(*a)).has_value());
  BOOST_TEST((fake.events() == std::vector<Event>{Event::started, Event::none, Event::stopped}));
}

BOOST_AUTO_TEST_CASE(completed_goes_at_once) {
  fake.fallback.reply = reply(1s);
  auto settings = fast();
  settings.max_announce_interval = 10s;
  auto a = make({{"fake://t/announce"}}, settings);
  auto driver = [](corrent::test::FakeTorrent& t) -> Task<void> {
    co_await sleep(50ms);
    t.complete();
    co_await sleep(100ms);
  };
  BOOST_TEST(run(*a, driver(torrent)).has_value());
  BOOST_TEST((fake.events() == std::vector<Event>{Event::started, Event::completed, Event::stopped}));
}

// A torrent added complete is "started", never "completed": only a download that finishes
// while the torrent runs is announced as completed (BEP 3).
BOOST_AUTO_TEST_CASE(a_torrent_that_seeds_from_the_start_never_announces_completed) {
  fake.fallback.reply = reply(1s);
  torrent.transfer.left = 0;
  auto a = make({{"fake://t/announce"}});
  BOOST_TEST(run(*a, sleep(250ms)).has_value());
  const auto events = fake.events();
  BOOST_TEST(std::count(events.begin(), events.end(), Event::completed) == 0);
  BOOST_TEST(fake.calls.front().request.left == 0u);
}

// The port comes from the torrent's context before each announce: once a port mapper
// mapped our listen port, trackers are told the external one (as libtorrent does).
BOOST_AUTO_TEST_CASE(the_external_port_is_announced_once_mapped) {
  fake.fallback.reply = reply(1s);
  auto settings = fast();
  settings.max_announce_interval = 10s;
  auto a = make({{"fake://t/announce"}}, settings);
  auto driver = [](tr::Announcer& an, corrent::test::FakeTorrent& t) -> Task<void> {
    co_await sleep(50ms);
    t.listen.external_tcp = 40001;
    an.announce_now();
    co_await sleep(100ms);
  };
  BOOST_TEST(run(*a, driver(*a, torrent)).has_value());
  BOOST_TEST_REQUIRE(fake.calls.size() == 3u);
  BOOST_TEST(fake.calls[0].request.port == 6881);
  BOOST_TEST(fake.calls[1].request.port == 40001);
  BOOST_TEST(fake.calls[2].request.port == 40001);  // "stopped"
}

BOOST_AUTO_TEST_CASE(completed_just_before_the_stop_still_goes_before_stopped) {
  fake.fallback.reply = reply(1s);
  auto settings = fast();
  settings.max_announce_interval = 10s;
  auto a = make({{"fake://t/announce"}}, settings);
  // The download finishes and the client exits at once (corrent download does): run() is
  // cancelled before its loop could send "completed".
  auto driver = [](corrent::test::FakeTorrent& t) -> Task<void> {
    co_await sleep(50ms);
    t.complete();
  };
  BOOST_TEST(run(*a, driver(torrent)).has_value());
  BOOST_TEST((fake.events() == std::vector<Event>{Event::started, Event::completed, Event::stopped}));
  BOOST_TEST_REQUIRE(outcomes.size() == 3u);
  BOOST_TEST((outcomes[1].event == Event::completed));
}

BOOST_AUTO_TEST_CASE(stopped_is_bounded_by_the_stop_timeout) {
  fake.fallback.reply = reply(1s);
  fake.fallback.hang_on_stopped = true;
  auto a = make({{"fake://t/announce"}});
  const auto start = std::chrono::steady_clock::now();
  BOOST_TEST(run(*a, sleep(100ms)).has_value());
  const auto took = std::chrono::steady_clock::now() - start;
  BOOST_TEST((took >= 400ms));  // 100 ms of running, 300 ms of waiting for "stopped"
  BOOST_TEST((took < 2s));
  BOOST_REQUIRE(!outcomes.empty());
  BOOST_TEST((outcomes.back().event == Event::stopped));
  BOOST_TEST((error_of(outcomes.back().result).code == tr::errc::timed_out));
}

BOOST_AUTO_TEST_CASE(fails_over_within_the_tier_and_promotes_the_answering_tracker) {
  fake.scripts["fake://a"] = {tr::tracker_fail(tr::errc::tracker_failure, "go away")};
  fake.scripts["fake://b"] = {reply(1s)};
  auto a = make({{"fake://a", "fake://b"}, {"fake://c"}});
  BOOST_TEST(run(*a, sleep(50ms)).has_value());
  BOOST_REQUIRE(fake.calls.size() >= 3u);
  BOOST_TEST(fake.calls[0].url == "fake://a");
  BOOST_TEST(fake.calls[1].url == "fake://b");
  BOOST_TEST(fake.calls.back().url == "fake://b");  // stopped goes to the one that answered
  BOOST_TEST(a->trackers().tiers()[0][0].url == "fake://b");
  BOOST_TEST(a->trackers().find("fake://a")->fails == 1u);
  BOOST_REQUIRE(!outcomes.empty());
  BOOST_TEST(error_of(outcomes[0].result).message == "go away");
}

BOOST_AUTO_TEST_CASE(tracker_id_is_sent_back) {
  auto r = reply(1s);
  r.tracker_id = "T-1";
  fake.fallback.reply = r;
  auto a = make({{"fake://t"}});
  BOOST_TEST(run(*a, sleep(150ms)).has_value());
  BOOST_REQUIRE(fake.calls.size() >= 2u);
  BOOST_TEST(!fake.calls[0].request.tracker_id.has_value());
  BOOST_TEST(*fake.calls[1].request.tracker_id == "T-1");
}

BOOST_AUTO_TEST_CASE(no_trackers_is_an_error) {
  auto empty = make({});
  const auto r = run(*empty, sleep(1s));
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == tr::errc::no_trackers));
  BOOST_TEST(fake.calls.empty());
  // Every tracker gone (HTTP 410): run() gives up instead of waiting forever.
  fake.fallback.reply = tr::tracker_fail(tr::errc::tracker_gone);
  auto gone = make({{"fake://a"}, {"fake://b"}});
  BOOST_TEST((error_of(run(*gone, sleep(1s))) == tr::errc::no_trackers));
  BOOST_TEST(fake.calls.size() == 2u);
}

BOOST_AUTO_TEST_CASE(unknown_scheme_fails_and_backs_off) {
  fake.fallback.reply = reply(1s);
  auto a = make({{"gopher://x"}, {"fake://t"}});
  BOOST_TEST(run(*a, sleep(50ms)).has_value());
  BOOST_REQUIRE(!outcomes.empty());
  BOOST_TEST((error_of(outcomes.front().result).code == tr::errc::unsupported_scheme));
  BOOST_TEST(fake.calls.front().url == "fake://t");
}

// Issue 22: a dead tracker in the first tier (it never answers, as a UDP tracker behind a
// silent socket) must not hold the announce back: after attempt_timeout it is reported as
// failed, naming the tracker tried next, and the next tier gets the "started" announce.
BOOST_AUTO_TEST_CASE(a_dead_first_tier_fails_over_to_the_next_tier_after_the_attempt_timeout) {
  fake.scripts["fake://dead"] = {tr::AnnounceResponse{}, false, true};
  fake.scripts["fake://live"] = {reply(1s, 3)};
  auto settings = fast();
  settings.attempt_timeout = 200ms;
  settings.max_announce_interval = 10s;
  auto a = make({{"fake://dead"}, {"fake://live"}}, settings);
  BOOST_TEST(run(*a, sleep(500ms)).has_value());
  BOOST_REQUIRE(fake.calls.size() == 3u);  // dead (started), live (started), live (stopped)
  BOOST_TEST(fake.calls[0].url == "fake://dead");
  BOOST_TEST(fake.calls[1].url == "fake://live");
  BOOST_TEST((fake.calls[1].request.event == Event::started));
  BOOST_TEST((fake.calls[2].request.event == Event::stopped));
  const auto gap = fake.calls[1].at - fake.calls[0].at;
  BOOST_TEST((gap >= 200ms));
  BOOST_TEST((gap < 400ms));
  BOOST_TEST(torrent.found.size() == 3u);
  BOOST_REQUIRE(outcomes.size() == 3u);
  BOOST_TEST(outcomes[0].url == "fake://dead");
  BOOST_TEST((outcomes[0].event == Event::started));
  BOOST_TEST((outcomes[0].result.error().code == tr::errc::timed_out));
  BOOST_TEST(outcomes[0].result.error().message == "no answer within 0.2 s");
  BOOST_TEST(outcomes[0].next == "fake://live");
  BOOST_TEST((outcomes[0].retry_in == tr::TrackerBackoff{}.delay(1)));
  BOOST_TEST(outcomes[1].next.empty());
  BOOST_TEST(a->trackers().find("fake://dead")->fails == 1u);
}

// BEP 12 order on later announces: once its back-off has passed, the dead first tier is
// asked again first (each attempt bounded), and the next tier still answers right after.
BOOST_AUTO_TEST_CASE(a_backed_off_first_tier_is_retried_first_and_bounded_each_time) {
  fake.scripts["fake://dead"] = {tr::AnnounceResponse{}, false, true};
  fake.scripts["fake://live"] = {reply(1s)};
  auto settings = fast();
  settings.attempt_timeout = 100ms;
  settings.max_announce_interval = 150ms;
  const tr::TrackerBackoff backoff{50ms, 0ms, 1s};
  auto a = make({{"fake://dead"}, {"fake://live"}}, settings, backoff);
  BOOST_TEST(run(*a, sleep(700ms)).has_value());
  std::vector<std::string> urls;
  for (const auto& call : fake.calls) urls.push_back(call.url);
  BOOST_REQUIRE(urls.size() >= 5u);
  const std::vector<std::string> first{"fake://dead", "fake://live", "fake://dead", "fake://live"};
  BOOST_TEST(std::vector<std::string>(urls.begin(), urls.begin() + 4) == first, boost::test_tools::per_element());
  for (std::size_t i = 0; i + 1 < fake.calls.size(); ++i) {
    if (fake.calls[i].url != "fake://dead") continue;
    const auto gap = fake.calls[i + 1].at - fake.calls[i].at;
    BOOST_TEST((gap >= 100ms), "attempt " << i << " ended before the timeout");
    BOOST_TEST((gap < 300ms), "attempt " << i << " was not cut at the timeout");
  }
  BOOST_TEST(a->trackers().find("fake://dead")->fails >= 2u);
}

// The attempt timeout as a limit: a reply just inside it counts, one past it does not.
BOOST_AUTO_TEST_CASE(attempt_timeout_at_and_past_the_limit) {
  auto settings = fast();
  settings.attempt_timeout = 300ms;
  settings.max_announce_interval = 10s;
  fake.fallback = {reply(1s), false, false, 150ms};
  auto inside = make({{"fake://slow"}}, settings);
  BOOST_TEST(run(*inside, sleep(400ms)).has_value());
  BOOST_REQUIRE(!outcomes.empty());
  BOOST_TEST(outcomes.front().result.has_value());
  outcomes.clear();
  fake.fallback = {reply(1s), false, false, 450ms};
  auto past = make({{"fake://slow"}}, settings);
  BOOST_TEST(run(*past, sleep(400ms)).has_value());
  BOOST_REQUIRE(!outcomes.empty());
  BOOST_TEST((outcomes.front().result.error().code == tr::errc::timed_out));
  // The default bounds every first announce at about 15 s (issue 22).
  BOOST_TEST((tr::AnnouncerSettings{}.attempt_timeout == tr::kAnnounceAttemptTimeout));
  BOOST_TEST((tr::kAnnounceAttemptTimeout <= 15s));
}

BOOST_AUTO_TEST_SUITE_END()
