// http_request (methods other than GET, with a body) against a server on 127.0.0.1 that
// reads the whole request, body included: a POST carries its body, Content-Length and the
// caller's headers; a 307 repeats it, a 303 turns it into a GET; a bad method is refused
// before any connection; http_get still sends no Content-Length.
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/read_until.hpp>
#include <asio/streambuf.hpp>
#include <asio/write.hpp>

#include "corrent/net/http/http_client.hpp"
#include "support/loopback_http_server.hpp"
#include "support/run_coro.hpp"

namespace {

namespace http = corrent::net::http;
using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
using corrent::Result;
using corrent::Task;
using corrent::use_nothrow;

// A request as the server read it: the head and the Content-Length body.
struct Received {
  std::string head;
  std::string body;
};

// Answers each request with respond(received), after reading its body too.
class BodyServer {
 public:
  using Handler = std::function<std::string(const Received&)>;
  explicit BodyServer(asio::io_context& io)
      : acceptor_(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}
  std::string url(const std::string& target) const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + target;
  }

  Task<void> serve(Handler handler) {
    for (int i = 0; i < 10; ++i) {  // bounded: a test makes a few requests
      auto [ec, socket] = co_await acceptor_.async_accept(use_nothrow);
      if (ec) co_return;
      asio::streambuf buffer;
      auto [read_ec, n] = co_await asio::async_read_until(socket, buffer, "\r\n\r\n", use_nothrow);
      if (read_ec) continue;
      Received r;
      r.head.assign(asio::buffers_begin(buffer.data()), asio::buffers_begin(buffer.data()) + static_cast<std::ptrdiff_t>(n));
      buffer.consume(n);
      const std::size_t length = content_length(r.head);
      if (buffer.size() < length) {
        auto [body_ec, m] = co_await asio::async_read(socket, buffer, asio::transfer_exactly(length - buffer.size()), use_nothrow);
        if (body_ec) continue;
      }
      r.body.assign(asio::buffers_begin(buffer.data()), asio::buffers_begin(buffer.data()) + static_cast<std::ptrdiff_t>(length));
      received.push_back(r);
      const std::string response = handler(r);
      co_await asio::async_write(socket, asio::buffer(response), use_nothrow);
    }
  }

  std::vector<Received> received;

 private:
  static std::size_t content_length(const std::string& head) {
    const auto at = head.find("Content-Length: ");
    if (at == std::string::npos) return 0;
    return static_cast<std::size_t>(std::stoul(head.substr(at + 16)));
  }
  asio::ip::tcp::acceptor acceptor_;
};

struct Fixture {
  asio::io_context io;
  BodyServer server{io};

  Result<http::HttpResponse> request(BodyServer::Handler handler, std::string method, std::string url,
                                     std::string body, http::HttpOptions options = {}) {
    auto both = [](BodyServer& s, BodyServer::Handler h, asio::io_context& ctx, std::string m, std::string u,
                   std::string b, http::HttpOptions o) -> Task<Result<http::HttpResponse>> {
      auto executor = ctx.get_executor();
      auto r = co_await (s.serve(std::move(h)) ||
                         http::http_request(executor, std::move(m), std::move(u), std::move(b), std::move(o)));
      if (r.index() == 0) co_return tl::make_unexpected(std::make_error_code(std::errc::io_error));
      co_return std::get<1>(std::move(r));
    };
    return corrent::test::run_coro(io, both(server, std::move(handler), io, std::move(method), std::move(url),
                                            std::move(body), std::move(options)),
                                   10s);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(http_request, Fixture)

BOOST_AUTO_TEST_CASE(post_sends_its_body_and_headers) {
  http::HttpOptions options;
  options.headers = {{"Content-Type", "text/xml"}, {"SOAPAction", "\"urn:x#Act\""}};
  const std::string envelope = "<s:Envelope>x</s:Envelope>";
  const auto r = request([](const Received&) { return corrent::test::http_reply("<ok/>"); }, "POST",
                         server.url("/ctl"), envelope, options);
  BOOST_REQUIRE_MESSAGE(r, (r ? "" : r.error().message()));
  BOOST_TEST(r->body == "<ok/>");
  BOOST_REQUIRE(server.received.size() == 1u);
  const auto& got = server.received[0];
  BOOST_TEST(got.head.rfind("POST /ctl HTTP/1.1\r\n", 0) == 0u);
  BOOST_TEST(got.head.find("Content-Length: " + std::to_string(envelope.size()) + "\r\n") != std::string::npos);
  BOOST_TEST(got.head.find("SOAPAction: \"urn:x#Act\"\r\n") != std::string::npos);
  BOOST_TEST(got.body == envelope);
}

BOOST_AUTO_TEST_CASE(empty_post_says_content_length_zero) {
  const auto r = request([](const Received&) { return corrent::test::http_reply(""); }, "POST", server.url("/"), "");
  BOOST_REQUIRE(r);
  BOOST_REQUIRE(server.received.size() == 1u);
  BOOST_TEST(server.received[0].head.find("Content-Length: 0\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(redirect_307_repeats_the_post_303_turns_it_into_get) {
  const std::string there = server.url("/there");
  const auto r = request(
      [&](const Received& got) {
        if (got.head.rfind("POST /a ", 0) == 0) return corrent::test::http_reply("", "307 Again", "Location: /b\r\n");
        if (got.head.rfind("POST /b ", 0) == 0) return corrent::test::http_reply("", "303 See", "Location: " + there + "\r\n");
        if (got.head.rfind("GET /there ", 0) == 0) return corrent::test::http_reply("done");
        return corrent::test::http_reply("wrong", "500 Oops");
      },
      "POST", server.url("/a"), "payload");
  BOOST_REQUIRE(r);
  BOOST_TEST(r->body == "done");
  BOOST_REQUIRE(server.received.size() == 3u);
  BOOST_TEST(server.received[1].body == "payload");
  BOOST_TEST(server.received[2].body.empty());
  BOOST_TEST(server.received[2].head.find("Content-Length") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_method_that_is_not_a_token_is_refused) {
  const auto r = corrent::test::run_coro(
      io, http::http_request(io.get_executor(), "POST /x HTTP/1.1\r\nEvil:", server.url("/"), ""), 10s);
  BOOST_REQUIRE(!r);
  BOOST_TEST((r.error() == std::errc::invalid_argument));
  BOOST_TEST(server.received.empty());
}

BOOST_AUTO_TEST_CASE(get_sends_no_content_length) {
  auto both = [](BodyServer& s, asio::io_context& ctx, std::string u) -> Task<Result<http::HttpResponse>> {
    // Named before the co_await (GCC 12 mishandles class temporaries in its expression).
    BodyServer::Handler handler = [](const Received&) { return corrent::test::http_reply("g"); };
    auto executor = ctx.get_executor();
    http::HttpOptions options;  // not the default argument: a temporary too
    auto r = co_await (s.serve(std::move(handler)) || http::http_get(executor, std::move(u), std::move(options)));
    if (r.index() == 0) co_return tl::make_unexpected(std::make_error_code(std::errc::io_error));
    co_return std::get<1>(std::move(r));
  };
  const auto r = corrent::test::run_coro(io, both(server, io, server.url("/g")), 10s);
  BOOST_REQUIRE(r);
  BOOST_REQUIRE(server.received.size() == 1u);
  BOOST_TEST(server.received[0].head.rfind("GET /g HTTP/1.1\r\n", 0) == 0u);
  BOOST_TEST(server.received[0].head.find("Content-Length") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
