#include "support/socks5_fake_proxy.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <span>
#include <utility>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/read.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/write.hpp>

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/task_group.hpp"

namespace corrent::test {

namespace {

using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

// RFC 1928 / RFC 1929 values.
constexpr std::uint8_t kVersion = 5;
constexpr std::uint8_t kAuthVersion = 1;
constexpr std::uint8_t kNoAuth = 0;
constexpr std::uint8_t kUserPassword = 2;
constexpr std::uint8_t kNoAcceptable = 0xFF;
constexpr std::uint8_t kConnect = 1;
constexpr std::uint8_t kAtypV4 = 1;
constexpr std::uint8_t kAtypName = 3;
constexpr std::uint8_t kAtypV6 = 4;
constexpr std::uint8_t kSucceeded = 0;
constexpr std::uint8_t kRefused = 5;

// Reads exactly `n` bytes into `out` (which it resizes); false on any error.
Task<bool> read_exactly(tcp::socket& from, std::vector<std::uint8_t>& out, std::size_t n) {
  out.resize(n);
  auto [ec, got] = co_await asio::async_read(from, asio::buffer(out), use_nothrow);
  co_return !ec;
}

Task<void> write_bytes(tcp::socket& to, std::vector<std::uint8_t> bytes) {
  (void)co_await asio::async_write(to, asio::buffer(bytes), use_nothrow);
}

Task<void> pump(tcp::socket& from, tcp::socket& to) {
  std::array<char, 16 * 1024> buffer{};
  while (true) {
    auto [ec, n] = co_await from.async_read_some(asio::buffer(buffer), use_nothrow);
    if (ec) co_return;
    auto [wec, wn] = co_await asio::async_write(to, asio::buffer(buffer.data(), n), use_nothrow);
    if (wec) co_return;
  }
}

// Where we relay a CONNECT to: loopback only (tests never leave 127.0.0.1 / ::1).
std::optional<tcp::endpoint> loopback_target(const Socks5FakeProxy::Connect& c, std::uint16_t port) {
  if (c.address_type == kAtypName) {
    if (c.target != "localhost:" + std::to_string(port)) return std::nullopt;
    return tcp::endpoint(asio::ip::make_address("127.0.0.1"), port);
  }
  if (!c.address) return std::nullopt;
  const auto to = net::to_tcp(*c.address);
  if (!to.address().is_loopback()) return std::nullopt;
  return to;
}

}  // namespace

Socks5FakeProxy::Socks5FakeProxy(asio::io_context& io)
    : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}

std::uint16_t Socks5FakeProxy::port() const { return acceptor_.local_endpoint().port(); }

net::ProxySettings Socks5FakeProxy::settings() const {
  net::ProxySettings out{"127.0.0.1", port(), "", ""};
  if (credentials) {
    out.user = credentials->user;
    out.password = credentials->password;
  }
  return out;
}

Task<void> Socks5FakeProxy::serve() {
  net::TaskGroup tunnels(acceptor_.get_executor());
  while (true) {
    auto [ec, socket] = co_await acceptor_.async_accept(use_nothrow);
    if (ec) break;
    tunnels.spawn(handle(std::move(socket)));
  }
  // Cancelled (or the acceptor failed): a fresh cancellation state to wait for the tunnels.
  co_await asio::this_coro::reset_cancellation_state();
  co_await tunnels.stop();
}

// The greeting and, when credentials are required, RFC 1929's sub-negotiation.
Task<bool> Socks5FakeProxy::negotiate(tcp::socket& client) {
  std::vector<std::uint8_t> buf;
  // Each read is named before it is tested: no co_await in a condition (GCC 12).
  const bool greeted = co_await read_exactly(client, buf, 2);
  if (!greeted || buf[0] != kVersion) co_return false;
  std::vector<std::uint8_t> methods;
  const bool listed = co_await read_exactly(client, methods, buf[1]);
  if (!listed) co_return false;
  if (silent) {  // until the client gives up and the test cancels serve()
    asio::steady_timer forever(acceptor_.get_executor(), std::chrono::hours(1));
    co_await forever.async_wait(use_nothrow);
    co_return false;
  }
  const std::uint8_t wanted = credentials ? kUserPassword : kNoAuth;
  const bool offered = std::find(methods.begin(), methods.end(), wanted) != methods.end();
  // Replies are named first: GCC 12 cannot take a braced list inside a co_await.
  std::vector<std::uint8_t> method{kVersion, offered ? wanted : kNoAcceptable};
  co_await write_bytes(client, std::move(method));
  if (!offered) co_return false;
  if (!credentials) co_return true;
  std::vector<std::uint8_t> user;
  std::vector<std::uint8_t> password;
  const bool auth_head = co_await read_exactly(client, buf, 2);
  if (!auth_head || buf[0] != kAuthVersion) co_return false;
  const bool got_user = co_await read_exactly(client, user, buf[1]);
  if (!got_user) co_return false;
  const bool got_length = co_await read_exactly(client, buf, 1);
  if (!got_length) co_return false;
  const bool got_password = co_await read_exactly(client, password, buf[0]);
  if (!got_password) co_return false;
  const bool ok = std::string(user.begin(), user.end()) == credentials->user &&
                  std::string(password.begin(), password.end()) == credentials->password;
  ++(ok ? authenticated : auth_failures);
  std::vector<std::uint8_t> status{kAuthVersion, static_cast<std::uint8_t>(ok ? 0 : 1)};
  co_await write_bytes(client, std::move(status));
  co_return ok;
}

Task<void> Socks5FakeProxy::handle(tcp::socket client) {
  const bool negotiated = co_await negotiate(client);
  if (!negotiated) co_return;
  std::vector<std::uint8_t> head;  // VER CMD RSV ATYP
  const bool got_head = co_await read_exactly(client, head, 4);
  if (!got_head || head[1] != kConnect) co_return;
  Connect c;
  c.address_type = head[3];
  asio::error_code peer_ec;
  c.client = net::from_asio(client.remote_endpoint(peer_ec));
  std::vector<std::uint8_t> address;
  std::size_t address_size = 0;
  if (c.address_type == kAtypV4) address_size = 4;
  if (c.address_type == kAtypV6) address_size = 16;
  if (c.address_type == kAtypName) {
    const bool got_length = co_await read_exactly(client, address, 1);
    if (!got_length) co_return;
    address_size = address[0];
  }
  if (address_size == 0) co_return;
  const bool got_address = co_await read_exactly(client, address, address_size + 2);
  if (!got_address) co_return;
  const auto port = static_cast<std::uint16_t>((address[address_size] << 8) | address[address_size + 1]);
  if (c.address_type == kAtypName) {
    c.target = std::string(address.begin(), address.begin() + static_cast<std::ptrdiff_t>(address_size)) + ":" +
               std::to_string(port);
  } else {
    c.address = net::Endpoint::from_address_bytes(std::span(address).first(address_size), port);
    if (c.address) c.target = c.address->to_string();
  }
  tcp::socket upstream(acceptor_.get_executor());
  asio::error_code connect_ec = asio::error::connection_refused;
  const auto to = loopback_target(c, port);
  if (!refuse && to) {
    auto [ec] = co_await upstream.async_connect(*to, use_nothrow);
    connect_ec = ec;
    if (!ec) c.dialled_from = net::from_asio(upstream.local_endpoint(peer_ec));
  }
  connects.push_back(c);
  std::vector<std::uint8_t> reply{kVersion, connect_ec ? kRefused : kSucceeded, 0, kAtypV4, 127, 0, 0, 1, 0, 0};
  co_await write_bytes(client, std::move(reply));
  if (connect_ec) co_return;
  // Either end's EOF (or error) ends the tunnel.
  co_await (pump(client, upstream) || pump(upstream, client));
}

}  // namespace corrent::test
