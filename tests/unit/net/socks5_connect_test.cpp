// socks5_connect and socks5_udp_associate over an in-memory pipe against a scripted proxy
// (each step: the exact bytes it expects, then its answer), and http_get through a SOCKS5
// proxy on 127.0.0.1 that relays to a local HTTP server.
#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>

#include "corrent/net/error.hpp"
#include "corrent/net/http/errc.hpp"
#include "corrent/net/http/http_client.hpp"
#include "corrent/net/socks5.hpp"
#include "support/loopback_http_server.hpp"
#include "support/pipe_stream.hpp"
#include "support/require_error.hpp"
#include "support/run_coro.hpp"
#include "support/socks5_fake_proxy.hpp"

using corrent::test::error_of;

namespace {

namespace net = corrent::net;
namespace http = corrent::net::http;
using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
using corrent::Result;
using corrent::Task;
using corrent::use_nothrow;
using corrent::test::PipeStream;
using net::socks5_errc;
using Bytes = std::vector<std::byte>;

Bytes bytes(std::initializer_list<int> values) {
  Bytes out;
  for (const int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}
Bytes operator+(Bytes a, std::string_view text) {
  for (const char c : text) a.push_back(static_cast<std::byte>(c));
  return a;
}
Bytes operator+(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

struct Step {
  Bytes expect;  // read exactly these bytes
  Bytes answer;  // then write these (nothing: stay silent)
};

// The proxy's end of the pipe: false when it read something other than expected.
Task<bool> scripted_proxy(PipeStream& end, std::vector<Step> script) {
  for (const auto& step : script) {
    Bytes got(step.expect.size());
    std::size_t have = 0;
    while (have < got.size()) {
      auto n = co_await end.read_some(std::span(got).subspan(have));
      if (!n) co_return false;
      have += *n;
    }
    if (got != step.expect) co_return false;
    if (step.answer.empty()) continue;
    auto written = co_await end.write_all(step.answer);
    if (!written) co_return false;
  }
  co_return true;
}

struct Outcome {
  bool proxy_ok = false;
  Result<net::Endpoint> bound;
  std::string after;  // what the client read from the tunnel after the handshake
};

// The client's end: the handshake, then `tail` bytes read from the tunnel.
Task<std::pair<Result<net::Endpoint>, std::string>> client(PipeStream& end, net::Socks5Target target,
                                                            net::ProxySettings settings, bool udp,
                                                            std::chrono::milliseconds timeout, std::size_t tail) {
  Result<net::Endpoint> bound;
  if (udp) {
    bound = co_await net::socks5_udp_associate(end, std::get<net::Endpoint>(target), settings, timeout);
  } else {
    bound = co_await net::socks5_connect(end, target, settings, timeout);
  }
  std::string after;
  while (bound && after.size() < tail) {
    std::array<std::byte, 64> buffer{};
    auto n = co_await end.read_some(std::span(buffer).first(tail - after.size()));
    if (!n) break;
    for (std::size_t i = 0; i < *n; ++i) after.push_back(static_cast<char>(buffer[i]));
  }
  co_return std::pair{std::move(bound), std::move(after)};
}

struct Fixture {
  asio::io_context io;
  PipeStream::Pair ends = PipeStream::make_pair(io.get_executor());
  net::ProxySettings settings{"10.0.0.2", 1080, "", ""};

  Outcome run(net::Socks5Target target, std::vector<Step> script, std::size_t tail = 0,
              std::chrono::milliseconds timeout = 2s, bool udp = false) {
    auto both = [](PipeStream& c, PipeStream& p, net::Socks5Target t, net::ProxySettings s, std::vector<Step> sc,
                   bool u, std::chrono::milliseconds to, std::size_t tl) -> Task<Outcome> {
      auto [ok, result] = co_await (scripted_proxy(p, std::move(sc)) && client(c, std::move(t), std::move(s), u, to, tl));
      co_return Outcome{ok, std::move(result.first), std::move(result.second)};
    };
    return corrent::test::run_coro(io, both(*ends.first, *ends.second, std::move(target), settings,
                                            std::move(script), udp, timeout, tail), 5s);
  }
};

const Bytes kGreeting = bytes({5, 1, 0});
const Bytes kGreetingWithAuth = bytes({5, 2, 0, 2});
const net::Endpoint kPeer = net::Endpoint::v4({10, 1, 2, 3}, 6881);
const Bytes kConnectPeer = bytes({5, 1, 0, 1, 10, 1, 2, 3, 0x1A, 0xE1});
const Bytes kBound = bytes({5, 0, 0, 1, 127, 0, 0, 1, 0x04, 0x38});

}  // namespace

BOOST_FIXTURE_TEST_SUITE(net_socks5_connect, Fixture)

// The proxy's reply and the peer's first bytes arrive together: the handshake takes the
// reply only, and "hello" is still there for the wire to read.
BOOST_AUTO_TEST_CASE(no_auth_success_leaves_tunnel_bytes) {
  const auto o = run(kPeer, {{kGreeting, bytes({5, 0})}, {kConnectPeer, kBound + "hello"}}, 5);
  BOOST_TEST(o.proxy_ok);
  BOOST_REQUIRE_MESSAGE(o.bound, (o.bound ? "" : o.bound.error().message()));
  BOOST_TEST((*o.bound == net::Endpoint::v4({127, 0, 0, 1}, 1080)));
  BOOST_TEST(o.after == "hello");
}

// User and password, a target by name, a bound IPv6 address, and a proxy that sends one
// byte at a time: the handshake must gather partial reads and still stop at the reply.
BOOST_AUTO_TEST_CASE(user_password_success_byte_by_byte) {
  settings.user = "alice";
  settings.password = "s3cret";
  ends.second->set_drip(1ms);
  const Bytes v6_reply = bytes({5, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0x04, 0xD2});
  const auto o = run(net::Socks5HostName{"peer.example", 6881},
                     {{kGreetingWithAuth, bytes({5, 2})},
                      {bytes({1, 5}) + "alice" + bytes({6}) + "s3cret", bytes({1, 0})},
                      {bytes({5, 1, 0, 3, 12}) + "peer.example" + bytes({0x1A, 0xE1}), v6_reply + "wire"}},
                     4);
  BOOST_TEST(o.proxy_ok);
  BOOST_REQUIRE_MESSAGE(o.bound, (o.bound ? "" : o.bound.error().message()));
  BOOST_TEST((*o.bound == net::Endpoint::v6({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, 1234)));
  BOOST_TEST(o.after == "wire");
}

// A proxy may answer no-auth even when we offered credentials; the bound address may be
// a name (reported as 0.0.0.0 with its port).
BOOST_AUTO_TEST_CASE(credentials_offered_but_not_asked) {
  settings.user = "alice";
  settings.password = "s3cret";
  const auto o = run(kPeer, {{kGreetingWithAuth, bytes({5, 0})},
                             {kConnectPeer, bytes({5, 0, 0, 3, 4}) + "host" + bytes({0, 80}) + "x"}},
                     1);
  BOOST_TEST(o.proxy_ok);
  BOOST_REQUIRE(o.bound);
  BOOST_TEST((*o.bound == net::Endpoint().with_port(80)));
  BOOST_TEST(o.after == "x");
}

BOOST_AUTO_TEST_CASE(auth_failure) {
  settings.user = "alice";
  settings.password = "wrong";
  const auto o = run(kPeer, {{kGreetingWithAuth, bytes({5, 2})},
                             {bytes({1, 5}) + "alice" + bytes({5}) + "wrong", bytes({1, 1})}});
  BOOST_TEST(o.proxy_ok);
  BOOST_TEST((error_of(o.bound) == socks5_errc::auth_failed));
}

BOOST_AUTO_TEST_CASE(proxy_wants_auth_we_cannot_give) {
  const auto o = run(kPeer, {{kGreeting, bytes({5, 0xFF})}});
  BOOST_TEST((error_of(o.bound) == socks5_errc::no_acceptable_method));
}

BOOST_AUTO_TEST_CASE(connection_refused) {
  const auto o = run(kPeer, {{kGreeting, bytes({5, 0})}, {kConnectPeer, bytes({5, 5, 0, 1, 0, 0, 0, 0, 0, 0})}});
  BOOST_TEST(o.proxy_ok);
  BOOST_TEST((error_of(o.bound) == socks5_errc::connection_refused));
}

BOOST_AUTO_TEST_CASE(silent_proxy_times_out) {
  const auto started = std::chrono::steady_clock::now();
  const auto o = run(kPeer, {{kGreeting, {}}}, 0, 200ms);
  BOOST_TEST(o.proxy_ok);
  BOOST_TEST((error_of(o.bound) == net::errc::timed_out));
  BOOST_TEST((std::chrono::steady_clock::now() - started < 2s));
}

// A proxy that stops halfway through its reply: the wait for the rest is bounded too.
BOOST_AUTO_TEST_CASE(truncated_reply_times_out) {
  const auto o = run(kPeer, {{kGreeting, bytes({5, 0})}, {kConnectPeer, bytes({5, 0, 0, 1, 127})}}, 0, 200ms);
  BOOST_TEST((error_of(o.bound) == net::errc::timed_out));
}

BOOST_AUTO_TEST_CASE(name_too_long_fails_before_sending) {
  const auto o = run(net::Socks5HostName{std::string(net::kSocks5MaxNameLength + 1, 'a'), 80}, {});
  BOOST_TEST((error_of(o.bound) == socks5_errc::name_too_long));
  BOOST_TEST(ends.first->bytes_written() == 0u);
}

// An unspecified relay address means "the proxy's own address".
BOOST_AUTO_TEST_CASE(udp_associate_returns_relay) {
  const auto o = run(net::Endpoint(), {{kGreeting, bytes({5, 0})},
                                       {bytes({5, 3, 0, 1, 0, 0, 0, 0, 0, 0}), bytes({5, 0, 0, 1, 0, 0, 0, 0, 0x13, 0x88})}},
                     0, 2s, true);
  BOOST_TEST(o.proxy_ok);
  BOOST_REQUIRE(o.bound);
  BOOST_TEST((*o.bound == ends.first->remote().with_port(5000)));
}

BOOST_AUTO_TEST_SUITE_END()

// --- http_get through a SOCKS5 proxy on 127.0.0.1. ------------------------------------------

namespace {

using corrent::test::Socks5FakeProxy;

struct ProxyFixture {
  asio::io_context io;
  corrent::test::LoopbackHttpServer server{io};
  Socks5FakeProxy proxy{io};

  std::string url(const std::string& target) const {
    return "http://localhost:" + std::to_string(server.port()) + target;
  }

  Result<http::HttpResponse> get(corrent::test::LoopbackHttpServer::Handler handler, const std::string& u,
                                 http::HttpOptions options = {}) {
    options.proxy = proxy.settings();
    auto through = [](Socks5FakeProxy& p, asio::io_context& ctx, std::string target_url,
                      http::HttpOptions o) -> Task<Result<http::HttpResponse>> {
      auto r = co_await (p.serve() || http::http_get(ctx.get_executor(), target_url, o));
      if (r.index() != 1) co_return corrent::fail(std::make_error_code(std::errc::io_error));
      co_return std::get<1>(std::move(r));
    };
    auto all = [](corrent::test::LoopbackHttpServer& s, corrent::test::LoopbackHttpServer::Handler h,
                  Task<Result<http::HttpResponse>> client) -> Task<Result<http::HttpResponse>> {
      auto r = co_await (s.serve(std::move(h)) || std::move(client));
      if (r.index() != 1) co_return corrent::fail(std::make_error_code(std::errc::io_error));
      co_return std::get<1>(std::move(r));
    };
    return corrent::test::run_coro(io, all(server, std::move(handler), through(proxy, io, u, std::move(options))), 10s);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(net_socks5_http, ProxyFixture)

// The proxy gets the name "localhost", not an address: we resolved nothing ourselves.
BOOST_AUTO_TEST_CASE(http_get_sends_the_host_name_to_the_proxy) {
  const auto r = get([](const std::string&) { return corrent::test::http_reply("d8:intervali60ee"); }, url("/announce"));
  BOOST_REQUIRE_MESSAGE(r, (r ? "" : r.error().message()));
  BOOST_TEST(r->status == 200);
  BOOST_TEST(r->body == "d8:intervali60ee");
  BOOST_REQUIRE(proxy.connects.size() == 1u);
  BOOST_TEST(proxy.connects[0].target == "localhost:" + std::to_string(server.port()));
  BOOST_TEST(proxy.connects[0].address_type == 3);
  BOOST_REQUIRE(server.requests.size() == 1u);
  BOOST_TEST(server.requests[0].find("Host: localhost:" + std::to_string(server.port()) + "\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(each_redirect_goes_through_the_proxy) {
  const std::string final_url = url("/final");
  const auto r = get(
      [&](const std::string& head) -> std::optional<std::string> {
        if (head.rfind("GET /start ", 0) == 0) return corrent::test::http_reply("", "302 Found", "Location: " + final_url + "\r\n");
        return corrent::test::http_reply("done");
      },
      url("/start"));
  BOOST_REQUIRE_MESSAGE(r, (r ? "" : r.error().message()));
  BOOST_TEST(r->body == "done");
  BOOST_TEST(proxy.connects.size() == 2u);
  BOOST_TEST(server.requests.size() == 2u);
}

BOOST_AUTO_TEST_CASE(proxy_refusal_is_the_error) {
  proxy.refuse = true;
  const auto r = get([](const std::string&) { return corrent::test::http_reply("x"); }, url("/"));
  BOOST_TEST((error_of(r) == socks5_errc::connection_refused));
  BOOST_TEST(server.requests.empty());
}

// The handshake is one step of the request, bounded by receive_timeout like the others.
BOOST_AUTO_TEST_CASE(silent_proxy_is_http_timeout) {
  proxy.silent = true;
  http::HttpOptions options;
  options.receive_timeout = 200ms;
  const auto started = std::chrono::steady_clock::now();
  const auto r = get([](const std::string&) { return corrent::test::http_reply("x"); }, url("/"), options);
  BOOST_TEST((error_of(r) == http::errc::timed_out));
  BOOST_TEST((std::chrono::steady_clock::now() - started < 2s));
  BOOST_TEST(proxy.connects.empty());
}

BOOST_AUTO_TEST_SUITE_END()
