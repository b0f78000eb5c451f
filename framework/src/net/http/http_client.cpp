#include "corrent/net/http/http_client.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>
#include <system_error>
#include <variant>

#include <openssl/ssl.h>

#include <asio/connect.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl.hpp>
#include "corrent/core/clock.hpp"
#include <asio/this_coro.hpp>
#include <asio/write.hpp>

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/error.hpp"
#include "corrent/net/http/errc.hpp"
#include "corrent/net/http/response_parser.hpp"
#include "corrent/net/socks5.hpp"
#include "corrent/net/stream.hpp"
#include "corrent/net/url.hpp"

namespace corrent::net::http {
namespace {

using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

// Awaits `op`, or gives up (nullopt) after `limit`. The loser of the race is cancelled.
template <class T>
Task<std::optional<T>> bounded(Task<T> op, Clock::duration limit) {
  Timer timer(co_await asio::this_coro::executor, limit);
  auto result = co_await (std::move(op) || timer.async_wait(use_nothrow));
  if (result.index() != 0) co_return std::nullopt;
  co_return std::get<0>(std::move(result));
}

// The time the next step may take: the receive timeout, or what is left of the total.
struct Budget {
  Clock::time_point deadline;
  std::chrono::milliseconds step;
  [[nodiscard]] std::optional<Clock::duration> next() const {
    const auto left = deadline - Clock::now();
    if (left <= Clock::duration::zero()) return std::nullopt;
    return std::min<Clock::duration>(left, step);
  }
};

// What is sent besides the URL: the method and the body (empty for a plain GET).
struct Outgoing {
  std::string method = "GET";
  std::string body;
};

// An HTTP token (RFC 9110 section 5.6.2): what a method may be made of, so that no
// space or line break can reach the request line.
bool is_token(std::string_view text) {
  static constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
           kSpecials.find(c) != std::string_view::npos;
  });
}

std::string request_text(const Url& url, const HttpOptions& options, const Outgoing& outgoing) {
  std::string text = outgoing.method + " " + url.target + " HTTP/1.1\r\nHost: " + url.authority() +
                     "\r\nUser-Agent: " + options.user_agent + "\r\nConnection: close\r\n";
  if (outgoing.method != "GET" || !outgoing.body.empty()) {
    text += "Content-Length: " + std::to_string(outgoing.body.size()) + "\r\n";
  }
  for (const auto& [name, value] : options.headers) text += name + ": " + value + "\r\n";
  return text + "\r\n" + outgoing.body;
}

// Sends the request over a connected (and handshaken) stream and reads the response.
template <class Stream>
Task<Result<HttpResponse>> exchange(Stream& stream, const Url& url, const HttpOptions& options,
                                    const Outgoing& outgoing, Budget budget) {
  const std::string request = request_text(url, options, outgoing);
  auto step = budget.next();
  if (!step) co_return fail(errc::timed_out);
  auto written = co_await bounded(asio::async_write(stream, asio::buffer(request), use_nothrow), *step);
  if (!written) co_return fail(errc::timed_out);
  if (auto [ec, n] = *written; ec) co_return tl::make_unexpected(ec);

  ResponseParser parser({options.max_header_bytes, kDefaultMaxHeaders, options.max_body_bytes});
  std::array<char, 16 * 1024> buffer{};
  while (!parser.done()) {
    step = budget.next();
    if (!step) co_return fail(errc::timed_out);
    auto read = co_await bounded(stream.async_read_some(asio::buffer(buffer), use_nothrow), *step);
    if (!read) co_return fail(errc::timed_out);
    const auto [ec, n] = *read;
    if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
      if (auto done = parser.finish(); !done) co_return tl::make_unexpected(done.error().code);
      break;
    }
    if (ec) co_return tl::make_unexpected(ec);
    if (auto fed = parser.feed({buffer.data(), n}); !fed) co_return tl::make_unexpected(fed.error().code);
  }
  co_return std::move(parser).take();
}

Task<Result<tcp::resolver::results_type>> resolve(const std::string& host, std::uint16_t port,
                                                  Budget budget) {
  tcp::resolver resolver(co_await asio::this_coro::executor);
  const auto step = budget.next();
  if (!step) co_return fail(errc::timed_out);
  auto resolved = co_await bounded(
      resolver.async_resolve(host, std::to_string(port), use_nothrow), *step);
  if (!resolved) co_return fail(errc::timed_out);
  auto [ec, results] = std::move(*resolved);
  if (ec == asio::error::operation_aborted) co_return tl::make_unexpected(ec);
  if (ec || results.empty()) co_return fail(errc::resolve_failed);
  co_return std::move(results);
}

Task<Result<void>> connect(tcp::socket& socket, const tcp::resolver::results_type& endpoints,
                           Budget budget) {
  const auto step = budget.next();
  if (!step) co_return fail(errc::timed_out);
  auto connected = co_await bounded(asio::async_connect(socket, endpoints, use_nothrow), *step);
  if (!connected) co_return fail(errc::timed_out);
  if (auto [ec, endpoint] = *connected; ec) co_return tl::make_unexpected(ec);
  co_return Result<void>{};
}

// The request's socket seen as a net::Stream, for the SOCKS5 handshake only: the socket
// stays the request's, and HTTP (or TLS) goes on over it once the tunnel is open.
class ProxiedSocket final : public net::Stream {
 public:
  explicit ProxiedSocket(tcp::socket& socket) : socket_(socket) {}

  Task<Result<std::size_t>> read_some(std::span<std::byte> into) override {
    auto [ec, n] = co_await socket_.async_read_some(asio::buffer(into.data(), into.size()), use_nothrow);
    if (ec) co_return tl::make_unexpected(ec);
    co_return n;
  }
  Task<Result<void>> write_gather(ConstBuffers parts) override {
    for (const auto& part : parts) {
      auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(part.data(), part.size()), use_nothrow);
      if (ec) co_return tl::make_unexpected(ec);
    }
    co_return Result<void>{};
  }
  void close() noexcept override {
    asio::error_code ignored;
    socket_.close(ignored);
  }
  [[nodiscard]] Endpoint remote() const override {
    asio::error_code ec;
    const auto e = socket_.remote_endpoint(ec);
    return ec ? Endpoint() : from_asio(e);
  }
  [[nodiscard]] Endpoint local() const override {
    asio::error_code ec;
    const auto e = socket_.local_endpoint(ec);
    return ec ? Endpoint() : from_asio(e);
  }

 private:
  tcp::socket& socket_;
};

// The URL's host for the proxy: an IP literal as an address, anything else as a name the
// proxy resolves (socks5h behaviour: no DNS query of ours around the proxy).
Socks5Target proxy_target(const Url& url) {
  const std::string host = url.host_is_v6() ? "[" + url.host + "]" : url.host;
  if (auto literal = Endpoint::parse(host + ":" + std::to_string(url.port))) return *literal;
  return Socks5HostName{url.host, url.port};
}

// Connects `socket` to the proxy and opens a tunnel to the URL's host and port.
Task<Result<void>> connect_through(tcp::socket& socket, const Url& url, const ProxySettings& proxy,
                                   Budget budget) {
  CORRENT_CO_TRY(const auto endpoints, co_await resolve(proxy.host, proxy.port, budget));
  CORRENT_CO_TRY_VOID(co_await connect(socket, endpoints, budget));
  const auto step = budget.next();
  if (!step) co_return fail(errc::timed_out);
  ProxiedSocket stream(socket);
  const auto bound = co_await socks5_connect(stream, proxy_target(url), proxy,
                                             std::chrono::ceil<std::chrono::milliseconds>(*step));
  if (!bound && bound.error() == net::errc::timed_out) co_return fail(errc::timed_out);
  if (!bound) co_return tl::make_unexpected(bound.error());
  co_return Result<void>{};
}

Task<Result<HttpResponse>> get_tls(tcp::socket socket, const Url& url, const HttpOptions& options,
                                   const Outgoing& outgoing, Budget budget) {
  asio::ssl::context context(asio::ssl::context::tls_client);
  context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3);
  asio::error_code ec;
  if (options.verify_tls) {
    context.set_default_verify_paths(ec);
    if (ec) co_return fail(errc::tls_failed);
    context.set_verify_mode(asio::ssl::verify_peer);
    context.set_verify_callback(asio::ssl::host_name_verification(url.host));
  } else {
    context.set_verify_mode(asio::ssl::verify_none);
  }
  asio::ssl::stream<tcp::socket> stream(std::move(socket), context);
  // SNI: servers hosting several names need it to pick the certificate.
  if (!url.host_is_v6()) {
    // SSL_set_tlsext_host_name, without the macro's C cast.
    SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char*>(url.host.c_str()));
  }
  const auto step = budget.next();
  if (!step) co_return fail(errc::timed_out);
  auto shaken = co_await bounded(stream.async_handshake(asio::ssl::stream_base::client, use_nothrow), *step);
  if (!shaken) co_return fail(errc::timed_out);
  if (auto [handshake_ec] = *shaken; handshake_ec) {
    // OpenSSL's own code says why ("certificate verify failed"), which people need.
    co_return tl::make_unexpected(handshake_ec);
  }
  co_return co_await exchange(stream, url, options, outgoing, budget);
}

// One request to `url`, without following redirects.
Task<Result<HttpResponse>> get_once(asio::any_io_executor executor, const Url& url,
                                    const HttpOptions& options, const Outgoing& outgoing, Budget budget) {
  if (url.scheme != "http" && url.scheme != "https") co_return fail(errc::unsupported_scheme);
  tcp::socket socket(executor);
  if (options.proxy) {
    CORRENT_CO_TRY_VOID(co_await connect_through(socket, url, *options.proxy, budget));
  } else {
    CORRENT_CO_TRY(const auto endpoints, co_await resolve(url.host, url.port, budget));
    CORRENT_CO_TRY_VOID(co_await connect(socket, endpoints, budget));
  }
  if (url.scheme == "https") co_return co_await get_tls(std::move(socket), url, options, outgoing, budget);
  co_return co_await exchange(socket, url, options, outgoing, budget);
}

bool follows(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

Task<Result<HttpResponse>> http_get(asio::any_io_executor executor, std::string url,
                                    HttpOptions options) {
  // Every argument named: GCC 12 mishandles class temporaries in a co_await's expression.
  std::string method = "GET";
  std::string body;
  co_return co_await http_request(std::move(executor), std::move(method), std::move(url), std::move(body),
                                  std::move(options));
}

Task<Result<HttpResponse>> http_request(asio::any_io_executor executor, std::string method,
                                        std::string url, std::string body, HttpOptions options) {
  if (!is_token(method)) co_return tl::make_unexpected(std::make_error_code(std::errc::invalid_argument));
  const Budget budget{Clock::now() + options.total_timeout, options.receive_timeout};
  CORRENT_CO_TRY(Url current, parse_url(url));
  Outgoing outgoing{std::move(method), std::move(body)};
  for (std::uint32_t redirects = 0;; ++redirects) {
    CORRENT_CO_TRY(HttpResponse response, co_await get_once(executor, current, options, outgoing, budget));
    if (!follows(response.status) || options.max_redirects == 0) co_return response;
    if (redirects == options.max_redirects) co_return fail(errc::too_many_redirects);
    const auto location = response.header("Location");
    if (!location) co_return fail(errc::bad_redirect);
    auto next = resolve_reference(current, *location);
    if (!next) co_return fail(errc::bad_redirect);
    current = std::move(*next);
    // 307 and 308 promise the same request again; the others become a plain GET.
    if (response.status != 307 && response.status != 308) outgoing = Outgoing{};
  }
}

}  // namespace corrent::net::http
