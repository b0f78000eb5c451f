#include "tcp_transport.hpp"

#include <algorithm>

#include <asio/ip/tcp.hpp>

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/timeout.hpp"
#include "tcp_listener.hpp"
#include "tcp_stream.hpp"

namespace corrent::transport_tcp {

namespace {

// Holds one half-open slot for a connect; gives it back however the connect ends
// (success, error, or its coroutine destroyed by cancellation).
class HalfOpenSlot {
 public:
  HalfOpenSlot(std::size_t& count, Condition& freed) : count_(count), freed_(freed) {
    ++count_;
  }
  ~HalfOpenSlot() {
    --count_;
    // Every waiter re-checks: waking one that is being cancelled would lose the slot.
    freed_.notify_all();
  }
  HalfOpenSlot(const HalfOpenSlot&) = delete;
  HalfOpenSlot& operator=(const HalfOpenSlot&) = delete;

 private:
  std::size_t& count_;
  Condition& freed_;
};

}  // namespace

TcpTransport::TcpTransport(asio::any_io_executor executor, TcpSettings settings)
    : executor_(std::move(executor)),
      settings_(settings),
      slot_freed_(executor_) {
  settings_.max_half_open = std::max<std::size_t>(settings_.max_half_open, 1);
}

Task<Result<std::unique_ptr<net::Stream>>> TcpTransport::connect(
    net::Endpoint to, std::chrono::milliseconds timeout) {
  const auto limit = std::min(timeout, settings_.connect_timeout);
  co_return co_await net::with_timeout(connect_in_slot(to), limit);
}

Task<Result<std::unique_ptr<net::Stream>>> TcpTransport::connect_in_slot(net::Endpoint to) {
  if (!co_await slot_freed_.wait_until([this] { return half_open_ < settings_.max_half_open; })) {
    co_return tl::make_unexpected(asio::error::operation_aborted);  // the timeout
  }
  HalfOpenSlot slot(half_open_, slot_freed_);
  const auto endpoint = net::to_tcp(to);
  asio::ip::tcp::socket socket(executor_);
  std::error_code ec;
  socket.open(endpoint.protocol(), ec);
  if (ec) co_return tl::make_unexpected(ec);
  apply_socket_options(socket, settings_);  // buffer sizes must be set before connecting
  auto [connect_ec] = co_await socket.async_connect(endpoint, use_nothrow);
  if (connect_ec) co_return tl::make_unexpected(connect_ec);
  co_return std::make_unique<TcpStream>(std::move(socket), settings_);
}

Result<std::unique_ptr<net::Listener>> TcpTransport::listen(net::Endpoint bind) {
  CORRENT_TRY(auto listener, TcpListener::open(executor_, bind, settings_));
  return std::unique_ptr<net::Listener>(std::move(listener));
}

}  // namespace corrent::transport_tcp
