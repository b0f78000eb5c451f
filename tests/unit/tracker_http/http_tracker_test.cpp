// The tracker_http plugin against a scripted HTTP tracker on 127.0.0.1: the request it
// sends, a good reply, and each bad tracker ending in a clear error within its timeout.
#include <boost/test/unit_test.hpp>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>

#include "corrent/plugin/config.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/plugins/tracker_http.hpp"
#include "corrent/tracker/errc.hpp"
#include "http_tracker.hpp"
#include "support/loopback_http_server.hpp"
#include "support/run_coro.hpp"

namespace {

namespace tr = corrent::tracker;
using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
using corrent::Task;
using corrent::test::http_reply;
using corrent::test::LoopbackHttpServer;

tr::AnnounceRequest request() {
  tr::AnnounceRequest r;
  r.info_hash.bytes.fill(0xab);
  r.peer_id = *corrent::PeerId::from_bytes("-CR0100-123456789012");
  r.port = 6881;
  r.left = 100;
  r.event = tr::AnnounceEvent::started;
  return r;
}

struct Fixture {
  asio::io_context io;
  LoopbackHttpServer server{io};

  corrent::tracker_http::HttpTracker make(std::chrono::milliseconds receive = 300ms, std::size_t max = 1 << 20) {
    corrent::tracker_http::HttpTrackerSettings s;
    s.receive_timeout = receive;
    s.max_response_bytes = max;
    return corrent::tracker_http::HttpTracker(io.get_executor(), s);
  }

  template <class T>
  T run(LoopbackHttpServer::Handler handler, Task<T> client) {
    auto both = [](LoopbackHttpServer& s, LoopbackHttpServer::Handler h, Task<T> c) -> Task<T> {
      auto r = co_await (s.serve(std::move(h)) || std::move(c));
      co_return std::get<1>(std::move(r));
    };
    return corrent::test::run_coro(io, both(server, std::move(handler), std::move(client)), 10s);
  }

  tr::TrackerResult<tr::AnnounceResponse> announce_with(std::optional<std::string> reply,
                                                        std::chrono::milliseconds receive = 300ms,
                                                        std::size_t max = 1 << 20) {
    auto tracker = make(receive, max);
    return run([reply](const std::string&) { return reply; }, tracker.announce(server.url("/announce"), request()));
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(tracker_http, Fixture)

BOOST_AUTO_TEST_CASE(announce_request_and_reply) {
  const std::string peers{'\x0a', '\x00', '\x00', '\x01', '\x1a', '\xe1'};
  const auto r = announce_with(http_reply("d8:intervali900e5:peers6:" + peers + "e"));
  BOOST_REQUIRE_MESSAGE(r, (r ? "" : r.error().text()));
  BOOST_TEST(r->interval.count() == 900);
  BOOST_REQUIRE(r->peers.size() == 1u);
  BOOST_TEST(r->peers[0].to_string() == "10.0.0.1:6881");
  BOOST_REQUIRE(server.requests.size() == 1u);
  const auto& head = server.requests[0];
  BOOST_TEST(head.find("GET /announce?info_hash=%AB%AB") == 0u);
  BOOST_TEST(head.find("&peer_id=-CR0100-123456789012&port=6881&") != std::string::npos);
  BOOST_TEST(head.find("&left=100&compact=1&event=started&") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(failure_reason_is_reported_with_its_text) {
  const auto r = announce_with(http_reply("d14:failure reason17:torrent not founde"));
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error().code == tr::errc::tracker_failure));
  BOOST_TEST(r.error().message == "torrent not found");
  // Some trackers send it with an error status.
  const auto bad_request = announce_with(http_reply("d14:failure reason7:bad keye", "400 Bad Request"));
  BOOST_REQUIRE(!bad_request);
  BOOST_TEST((bad_request.error().code == tr::errc::tracker_failure));
  BOOST_TEST(bad_request.error().message == "bad key");
}

BOOST_AUTO_TEST_CASE(garbage_body) {
  const auto r = announce_with(http_reply("<html><body>Welcome to nginx!</body></html>"));
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error().code == tr::errc::bad_response));
}

BOOST_AUTO_TEST_CASE(truncated_compact_peer_list) {
  const auto r = announce_with(http_reply("d8:intervali900e5:peers7:abcdefge"));
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error().code == tr::errc::truncated_peers));
}

BOOST_AUTO_TEST_CASE(oversize_body) {
  const auto r = announce_with(http_reply("d3:pad2000:" + std::string(2000, 'x') + "e"), 300ms, 1000);
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error().code == tr::errc::response_too_large));
}

BOOST_AUTO_TEST_CASE(tracker_that_never_answers) {
  const auto start = std::chrono::steady_clock::now();
  const auto r = announce_with(std::nullopt, 300ms);
  const auto took = std::chrono::steady_clock::now() - start;
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error().code == tr::errc::timed_out));
  BOOST_TEST((took >= 300ms && took < 3s));
}

BOOST_AUTO_TEST_CASE(http_statuses) {
  const auto gone = announce_with(http_reply("", "410 Gone"));
  BOOST_REQUIRE(!gone);
  BOOST_TEST((gone.error().code == tr::errc::tracker_gone));
  const auto missing = announce_with(http_reply("not here", "404 Not Found"));
  BOOST_REQUIRE(!missing);
  BOOST_TEST((missing.error().code == tr::errc::http_error));
  BOOST_TEST(missing.error().message == "HTTP 404 Not Found");
}

BOOST_AUTO_TEST_CASE(scrape_by_the_bep48_rule) {
  auto tracker = make();
  std::vector<corrent::metainfo::InfoHash> hashes(1);
  hashes[0].bytes.fill('a');
  const auto r = run(
      [](const std::string&) {
        return http_reply("d5:filesd20:aaaaaaaaaaaaaaaaaaaad8:completei3e10:downloadedi4e10:incompletei5eeee");
      },
      tracker.scrape(server.url("/x/announce?k=1"), hashes));
  BOOST_REQUIRE_MESSAGE(r, (r ? "" : r.error().text()));
  BOOST_TEST((r->files.at(0).second == tr::ScrapeEntry{3, 4, 5}));
  BOOST_TEST(server.requests.at(0).find("GET /x/scrape?k=1&info_hash=aaaaaaaaaaaaaaaaaaaa ") == 0u);
  const auto none = corrent::test::run_coro(io, tracker.scrape(server.url("/a"), hashes));
  BOOST_REQUIRE(!none);
  BOOST_TEST((none.error().code == tr::errc::no_scrape_url));
}

BOOST_AUTO_TEST_CASE(registered_for_http_and_https) {
  corrent::Registry registry;
  corrent::plugins::register_tracker_http(registry);
  auto config = corrent::Config::parse(R"({"tracker_http": {"receive_timeout_ms": 200}})");
  BOOST_REQUIRE(config);
  auto set = corrent::build_plugins(registry, *config, io.get_executor());
  BOOST_REQUIRE_MESSAGE(set, (set ? "" : set.error().message()));
  auto* http = set->tracker_for_scheme("http");
  BOOST_REQUIRE(http != nullptr);
  BOOST_TEST(set->tracker_for_scheme("https") == http);
  const auto start = std::chrono::steady_clock::now();
  const auto r = run([](const std::string&) { return std::optional<std::string>(); },
                     http->announce(server.url("/announce"), request()));
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error().code == tr::errc::timed_out));
  BOOST_TEST((std::chrono::steady_clock::now() - start < 2s));  // the configured 200 ms
  corrent::test::run_coro(io, set->stop());
  auto bad = corrent::Config::parse(R"({"tracker_http": {"max_redirects": -1}})");
  BOOST_TEST(!corrent::build_plugins(registry, *bad, io.get_executor()).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
