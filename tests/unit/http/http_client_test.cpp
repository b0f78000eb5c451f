// http_get against a small server on 127.0.0.1: a plain 200, redirects (relative and
// absolute), a redirect loop, an oversize body, a server that never answers, chunked
// bodies, refused connections and bad URLs.
#include <boost/test/unit_test.hpp>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>

#include "corrent/net/error.hpp"
#include "corrent/net/http/errc.hpp"
#include "corrent/net/http/http_client.hpp"
#include "support/loopback_http_server.hpp"
#include "support/run_coro.hpp"

namespace {

namespace http = corrent::net::http;
using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
using corrent::Result;
using corrent::Task;
using corrent::test::http_reply;
using corrent::test::LoopbackHttpServer;

struct Fixture {
  asio::io_context io;
  LoopbackHttpServer server{io};

  Result<http::HttpResponse> get(LoopbackHttpServer::Handler handler, const std::string& url,
                                 http::HttpOptions options = {}) {
    auto both = [](LoopbackHttpServer& s, LoopbackHttpServer::Handler h, asio::io_context& ctx,
                   std::string u, http::HttpOptions o) -> Task<Result<http::HttpResponse>> {
      auto r = co_await (s.serve(std::move(h)) || http::http_get(ctx.get_executor(), u, o));
      co_return std::get<1>(std::move(r));
    };
    return corrent::test::run_coro(io, both(server, std::move(handler), io, url, std::move(options)), 10s);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(http_client, Fixture)

BOOST_AUTO_TEST_CASE(plain_200) {
  const auto r = get([](const std::string&) { return http_reply("d8:intervali60ee"); }, server.url("/announce?a=1"));
  BOOST_REQUIRE_MESSAGE(r, (r ? "" : r.error().message()));
  BOOST_TEST(r->status == 200);
  BOOST_TEST(r->body == "d8:intervali60ee");
  BOOST_REQUIRE(server.requests.size() == 1u);
  const auto& head = server.requests[0];
  BOOST_TEST(head.rfind("GET /announce?a=1 HTTP/1.1\r\n", 0) == 0u);
  BOOST_TEST(head.find("Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n") != std::string::npos);
  BOOST_TEST(head.find("Connection: close\r\n") != std::string::npos);
  BOOST_TEST(head.find("Accept-Encoding") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(non_200_is_returned_not_failed) {
  const auto r = get([](const std::string&) { return http_reply("nope", "404 Not Found"); }, server.url("/x"));
  BOOST_REQUIRE(r);
  BOOST_TEST(r->status == 404);
  BOOST_TEST(r->reason == "Not Found");
}

BOOST_AUTO_TEST_CASE(chunked_body) {
  const auto r = get(
      [](const std::string&) {
        return std::optional<std::string>("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
      },
      server.url("/"));
  BOOST_REQUIRE(r);
  BOOST_TEST(r->body == "abc");
}

// Relative ("next" against /dir/start) then absolute Location.
BOOST_AUTO_TEST_CASE(redirect_chain_is_followed) {
  const std::string absolute = server.url("/final");
  const auto r = get(
      [&](const std::string& head) -> std::optional<std::string> {
        if (head.rfind("GET /dir/start ", 0) == 0) return http_reply("", "302 Found", "Location: next\r\n");
        if (head.rfind("GET /dir/next ", 0) == 0) return http_reply("", "307 Temporary", "Location: " + absolute + "\r\n");
        if (head.rfind("GET /final ", 0) == 0) return http_reply("here");
        return http_reply("wrong", "500 Oops");
      },
      server.url("/dir/start"));
  BOOST_REQUIRE(r);
  BOOST_TEST(r->status == 200);
  BOOST_TEST(r->body == "here");
  BOOST_TEST(server.requests.size() == 3u);
}

BOOST_AUTO_TEST_CASE(redirect_loop_ends_at_the_bound) {
  http::HttpOptions options;
  options.max_redirects = 3;
  const auto r = get([](const std::string&) { return http_reply("", "302 Found", "Location: /loop\r\n"); },
                     server.url("/loop"), options);
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == http::errc::too_many_redirects));
  BOOST_TEST(server.requests.size() == 4u);  // the first request and 3 redirects
  // A redirect without Location.
  const auto bare = get([](const std::string&) { return http_reply("", "302 Found"); }, server.url("/"));
  BOOST_REQUIRE(!bare);
  BOOST_TEST((bare.error() == http::errc::bad_redirect));
}

BOOST_AUTO_TEST_CASE(oversize_body_is_refused) {
  http::HttpOptions options;
  options.max_body_bytes = 1000;
  const auto at = get([](const std::string&) { return http_reply(std::string(1000, 'x')); }, server.url("/"), options);
  BOOST_TEST(at.has_value());
  const auto past = get([](const std::string&) { return http_reply(std::string(1001, 'x')); }, server.url("/"), options);
  BOOST_REQUIRE(!past);
  BOOST_TEST((past.error() == http::errc::body_too_large));
  // Without Content-Length too (close-delimited).
  const auto closing = get([](const std::string&) { return std::optional<std::string>("HTTP/1.1 200 OK\r\n\r\n" + std::string(5000, 'x')); },
                           server.url("/"), options);
  BOOST_REQUIRE(!closing);
  BOOST_TEST((closing.error() == http::errc::body_too_large));
}

BOOST_AUTO_TEST_CASE(silent_server_times_out) {
  http::HttpOptions options;
  options.receive_timeout = 200ms;
  const auto start = std::chrono::steady_clock::now();
  const auto r = get([](const std::string&) { return std::optional<std::string>(); }, server.url("/"), options);
  const auto took = std::chrono::steady_clock::now() - start;
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == http::errc::timed_out));
  BOOST_TEST((took >= 200ms));
  BOOST_TEST((took < 2s));
  // The total timeout bounds the request even when each step is quick enough.
  options.receive_timeout = 5s;
  options.total_timeout = 300ms;
  const auto total = get([](const std::string&) { return std::optional<std::string>(); }, server.url("/"), options);
  BOOST_REQUIRE(!total);
  BOOST_TEST((total.error() == http::errc::timed_out));
}

BOOST_AUTO_TEST_CASE(refused_and_bad_urls) {
  asio::ip::tcp::acceptor closed(io, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = closed.local_endpoint().port();
  closed.close();
  const auto refused = corrent::test::run_coro(
      io, http::http_get(io.get_executor(), "http://127.0.0.1:" + std::to_string(port) + "/"), 10s);
  BOOST_REQUIRE(!refused);
  BOOST_TEST((refused.error() == asio::error::connection_refused));
  const auto ftp = corrent::test::run_coro(io, http::http_get(io.get_executor(), "ftp://127.0.0.1/"), 10s);
  BOOST_REQUIRE(!ftp);
  BOOST_TEST((ftp.error() == http::errc::unsupported_scheme));
  const auto bad = corrent::test::run_coro(io, http::http_get(io.get_executor(), "not a url"), 10s);
  BOOST_REQUIRE(!bad);
  BOOST_TEST((bad.error() == corrent::net::errc::bad_url));
}

BOOST_AUTO_TEST_SUITE_END()
