#include "tcp_listener.hpp"

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/v6_only.hpp>

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/error.hpp"
#include "tcp_stream.hpp"

namespace corrent::transport_tcp {

namespace {

using asio::ip::tcp;

// Opens, binds and listens; v6_only is set only for IPv6 sockets, when given.
Result<tcp::acceptor> open_acceptor(const asio::any_io_executor& executor, tcp::endpoint at,
                                    std::optional<bool> v6_only, int backlog) {
  tcp::acceptor acceptor(executor);
  std::error_code ec;
  acceptor.open(at.protocol(), ec);
  if (ec) return tl::make_unexpected(ec);
  acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (v6_only) {
    acceptor.set_option(asio::ip::v6_only(*v6_only), ec);
    if (ec) return tl::make_unexpected(ec);
  }
  acceptor.bind(at, ec);
  if (ec) return tl::make_unexpected(ec);
  acceptor.listen(backlog, ec);
  if (ec) return tl::make_unexpected(ec);
  // Non-blocking, so that accept_either's synchronous accept after a readiness wait
  // returns would_block instead of hanging if the connection went away meanwhile.
  acceptor.non_blocking(true, ec);
  if (ec) return tl::make_unexpected(ec);
  return acceptor;
}

}  // namespace

Result<std::unique_ptr<TcpListener>> TcpListener::open(const asio::any_io_executor& executor,
                                                       net::Endpoint bind,
                                                       const TcpSettings& settings) {
  const auto at = net::to_tcp(bind);
  std::vector<tcp::acceptor> acceptors;
  const bool any_v6 = bind.is_v6() && at.address().is_unspecified();
  if (!any_v6) {
    CORRENT_TRY(auto one, open_acceptor(executor, at, std::nullopt, settings.listen_backlog));
    acceptors.push_back(std::move(one));
    return std::unique_ptr<TcpListener>(new TcpListener(std::move(acceptors), settings, false));
  }
  if (settings.dual_stack_socket) {
    if (auto both = open_acceptor(executor, at, false, settings.listen_backlog)) {
      acceptors.push_back(std::move(*both));
      return std::unique_ptr<TcpListener>(new TcpListener(std::move(acceptors), settings, true));
    }
  }
  // Separate sockets: IPv6 only first, then IPv4 on the port it got.
  CORRENT_TRY(auto v6, open_acceptor(executor, at, true, settings.listen_backlog));
  const auto port = v6.local_endpoint().port();
  CORRENT_TRY(auto v4, open_acceptor(executor, tcp::endpoint(asio::ip::address_v4::any(), port),
                                     std::nullopt, settings.listen_backlog));
  acceptors.push_back(std::move(v6));
  acceptors.push_back(std::move(v4));
  return std::unique_ptr<TcpListener>(new TcpListener(std::move(acceptors), settings, false));
}

Task<Result<std::unique_ptr<net::Stream>>> TcpListener::accept() {
  if (acceptors_.empty() || !acceptors_.front().is_open()) {
    co_return fail(net::errc::stream_closed);
  }
  if (acceptors_.size() == 2) co_return co_await accept_either();
  auto [ec, socket] = co_await acceptors_.front().async_accept(use_nothrow);
  if (ec) co_return tl::make_unexpected(ec);
  co_return std::make_unique<TcpStream>(std::move(socket), settings_);
}

// Two sockets: wait until either is readable, then accept synchronously from it. Racing
// two async_accepts under `||` could lose a connection the cancelled one had accepted;
// a readiness wait consumes nothing.
Task<Result<std::unique_ptr<net::Stream>>> TcpListener::accept_either() {
  using asio::experimental::awaitable_operators::operator||;
  for (;;) {
    auto ready = co_await (acceptors_[0].async_wait(tcp::acceptor::wait_read, use_nothrow) ||
                           acceptors_[1].async_wait(tcp::acceptor::wait_read, use_nothrow));
    auto [wait_ec] = ready.index() == 0 ? std::get<0>(ready) : std::get<1>(ready);
    if (wait_ec) co_return tl::make_unexpected(wait_ec);
    std::error_code ec;
    auto socket = acceptors_[ready.index()].accept(ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) continue;
    if (ec) co_return tl::make_unexpected(ec);
    co_return std::make_unique<TcpStream>(std::move(socket), settings_);
  }
}

std::vector<net::Endpoint> TcpListener::local_endpoints() const {
  std::vector<net::Endpoint> out;
  for (const auto& acceptor : acceptors_) {
    std::error_code ec;
    const auto at = acceptor.local_endpoint(ec);
    if (!ec) out.push_back(net::from_asio(at));
  }
  return out;
}

void TcpListener::close() noexcept {
  for (auto& acceptor : acceptors_) {
    std::error_code ignored;
    acceptor.close(ignored);
  }
}

}  // namespace corrent::transport_tcp
