// The tracker plugins against misbehaving trackers (tests/support/fake_tracker.py): every
// one ends in a clear error, of the class its fault calls for, within its timeout.
#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <memory>

#include "corrent/core/peer_id.hpp"
#include "corrent/net/http/errc.hpp"
#include "corrent/tracker/errc.hpp"
#include "plugin_host.hpp"
#include "support/fake_tracker.hpp"

namespace corrent::test {
namespace {

using Clock = std::chrono::steady_clock;

// A fake tracker process for each test case, with every mode on a port of its own.
struct FakeFixture {
  FakeFixture()
      : fake(FakeTracker::start({"ok", "garbage", "failure", "oversize", "truncated_peers", "hang"},
                                {"wrong_tid", "silent"})) {}
  FakeTracker fake;
};

struct Outcome {
  tracker::TrackerError error;
  std::chrono::milliseconds elapsed{};
};

tracker::AnnounceRequest any_request() {
  tracker::AnnounceRequest request;
  request.info_hash = *metainfo::InfoHash::from_hex("00112233445566778899aabbccddeeff00112233");
  request.peer_id = make_peer_id();
  request.port = 7100;
  request.left = 1;
  request.event = tracker::AnnounceEvent::started;
  return request;
}

// Announces to `url`, which must fail; returns the error and how long it took.
Outcome failed_announce(const std::string& url) {
  PluginHost host;
  const auto start = Clock::now();
  auto reply = run_coro(host.io, host.client().announce(url, any_request()), std::chrono::seconds(10));
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  BOOST_REQUIRE_MESSAGE(!reply, url << ": the announce should have failed");
  BOOST_TEST_MESSAGE(url << ": " << reply.error().text() << " after " << elapsed.count() << " ms");
  return {reply.error(), elapsed};
}

Outcome failed_scrape(const std::string& url) {
  PluginHost host;
  const auto start = Clock::now();
  auto reply = run_coro(host.io, host.client().scrape(url, {any_request().info_hash}), std::chrono::seconds(10));
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  BOOST_REQUIRE_MESSAGE(!reply, url << ": the scrape should have failed");
  BOOST_TEST_MESSAGE(url << ": " << reply.error().text() << " after " << elapsed.count() << " ms");
  return {reply.error(), elapsed};
}

bool is_one_of(const std::error_code& code, std::initializer_list<std::error_code> expected) {
  for (const auto& e : expected) {
    if (code == e) return true;
  }
  return false;
}

bool is_timeout(const std::error_code& code) {
  return is_one_of(code, {tracker::errc::timed_out, net::http::errc::timed_out});
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(bad_trackers, FakeFixture)

BOOST_AUTO_TEST_CASE(the_well_behaved_fake_works) {
  // The control: the same harness and client succeed against a valid reply.
  PluginHost host;
  auto reply = run_coro(host.io, host.client().announce(fake.http_url("ok"), any_request()), std::chrono::seconds(5));
  BOOST_REQUIRE_MESSAGE(reply, (reply ? "" : reply.error().text()));
  BOOST_TEST(reply->peers.size() == 2u);
  BOOST_TEST(reply->interval.count() == 900);
  BOOST_TEST(reply->complete.value_or(0) == 3u);
}

BOOST_AUTO_TEST_CASE(garbage_body) {
  const auto out = failed_announce(fake.http_url("garbage"));
  BOOST_TEST((out.error.code == tracker::errc::bad_response ||
              std::string_view(out.error.code.category().name()) == "corrent.bencode"),
             out.error.text());
  BOOST_TEST(out.elapsed < kTimeoutMargin);
}

BOOST_AUTO_TEST_CASE(failure_reason) {
  const auto out = failed_announce(fake.http_url("failure"));
  BOOST_TEST((out.error.code == tracker::errc::tracker_failure), out.error.text());
  BOOST_TEST(out.error.message == "fake tracker refuses");
  BOOST_TEST(out.elapsed < kTimeoutMargin);
}

BOOST_AUTO_TEST_CASE(oversize_body) {
  const auto out = failed_announce(fake.http_url("oversize"));
  BOOST_TEST(is_one_of(out.error.code, {tracker::errc::response_too_large, net::http::errc::body_too_large}),
             out.error.text());
  BOOST_TEST(out.elapsed < kTimeoutMargin);
}

BOOST_AUTO_TEST_CASE(truncated_compact_peers) {
  const auto out = failed_announce(fake.http_url("truncated_peers"));
  BOOST_TEST((out.error.code == tracker::errc::truncated_peers), out.error.text());
  BOOST_TEST(out.elapsed < kTimeoutMargin);
}

BOOST_AUTO_TEST_CASE(http_tracker_that_never_answers) {
  const auto out = failed_announce(fake.http_url("hang"));
  BOOST_TEST(is_timeout(out.error.code), out.error.text());
  BOOST_TEST(out.elapsed >= kHttpTimeout - std::chrono::milliseconds(100));
  BOOST_TEST(out.elapsed < kHttpTimeout + kTimeoutMargin);
  const auto scrape = failed_scrape(fake.http_url("hang"));
  BOOST_TEST(is_timeout(scrape.error.code), scrape.error.text());
  BOOST_TEST(scrape.elapsed < kHttpTimeout + kTimeoutMargin);
}

BOOST_AUTO_TEST_CASE(udp_wrong_transaction_id) {
  // Replies with a wrong transaction id are ignored (they may be stale or forged), so the
  // announce ends as if no reply had come, or names the mismatch.
  const auto out = failed_announce(fake.udp_url("wrong_tid"));
  BOOST_TEST(is_one_of(out.error.code, {tracker::errc::timed_out, tracker::errc::wrong_transaction_id}),
             out.error.text());
  BOOST_TEST(out.elapsed < kUdpTimeout + kTimeoutMargin);
  const auto scrape = failed_scrape(fake.udp_url("wrong_tid"));
  BOOST_TEST(is_one_of(scrape.error.code, {tracker::errc::timed_out, tracker::errc::wrong_transaction_id}),
             scrape.error.text());
}

BOOST_AUTO_TEST_CASE(udp_tracker_that_never_answers) {
  const auto out = failed_announce(fake.udp_url("silent"));
  BOOST_TEST((out.error.code == tracker::errc::timed_out), out.error.text());
  BOOST_TEST(out.elapsed >= kUdpTimeout - std::chrono::milliseconds(100));
  BOOST_TEST(out.elapsed < kUdpTimeout + kTimeoutMargin);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace corrent::test
