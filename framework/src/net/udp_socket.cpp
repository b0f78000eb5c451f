// The real DatagramSocket: an Asio UDP socket.
#include <asio/ip/udp.hpp>
#include <asio/ip/v6_only.hpp>

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/datagram_socket.hpp"
#include "corrent/net/limits.hpp"

namespace corrent::net {
namespace {

using asio::ip::udp;

class UdpSocket final : public DatagramSocket {
 public:
  UdpSocket(udp::socket socket, Endpoint local) : socket_(std::move(socket)), local_(local) {}

  [[nodiscard]] Endpoint local_endpoint() const override { return local_; }

  Task<Result<std::size_t>> receive(std::span<std::uint8_t> buffer, Endpoint& from) override {
    udp::endpoint sender;
    auto [ec, n] = co_await socket_.async_receive_from(asio::buffer(buffer.data(), buffer.size()), sender,
                                                       use_nothrow);
    if (ec) co_return tl::make_unexpected(ec);
    from = from_asio(sender);
    co_return n;
  }

  Task<Result<void>> send(Endpoint to, std::span<const std::uint8_t> bytes) override {
    // A datagram send completes at once (the kernel queues it or drops it): no wait to bound.
    auto [ec, n] = co_await socket_.async_send_to(asio::buffer(bytes.data(), bytes.size()), to_udp(to),
                                                  use_nothrow);
    if (ec) co_return tl::make_unexpected(ec);
    co_return Result<void>{};
  }

  Result<std::size_t> try_receive(std::span<std::uint8_t> buffer, Endpoint& from) override {
    udp::endpoint sender;
    asio::error_code ec;
    const std::size_t n = socket_.receive_from(asio::buffer(buffer.data(), buffer.size()), sender, 0, ec);
    if (ec) return tl::make_unexpected(ec);
    from = from_asio(sender);
    return n;
  }

  Result<bool> try_send(const Endpoint& to, std::span<const std::uint8_t> bytes) override {
    asio::error_code ec;
    socket_.send_to(asio::buffer(bytes.data(), bytes.size()), to_udp(to), 0, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) return false;
    if (ec) return tl::make_unexpected(ec);
    return true;
  }

  void close() override {
    asio::error_code ignored;
    socket_.close(ignored);
  }

 private:
  udp::socket socket_;
  Endpoint local_;
};

}  // namespace

Result<std::unique_ptr<DatagramSocket>> open_udp_socket(asio::any_io_executor executor, Endpoint bind) {
  const auto at = to_udp(bind);
  udp::socket socket(executor);
  asio::error_code ec;
  socket.open(at.protocol(), ec);
  if (!ec && bind.is_v6()) socket.set_option(asio::ip::v6_only(true), ec);
  if (ec) return tl::make_unexpected(ec);
  // Best effort: a system that refuses the size keeps its own.
  asio::error_code ignored;
  socket.set_option(asio::socket_base::receive_buffer_size(kUdpSocketBufferBytes), ignored);
  socket.set_option(asio::socket_base::send_buffer_size(kUdpSocketBufferBytes), ignored);
  socket.bind(at, ec);
  // Non-blocking, so that try_receive and try_send never wait (the async operations
  // work the same either way).
  if (!ec) socket.non_blocking(true, ec);
  if (ec) return tl::make_unexpected(ec);
  const auto local = socket.local_endpoint(ec);
  if (ec) return tl::make_unexpected(ec);
  return std::make_unique<UdpSocket>(std::move(socket), from_asio(local));
}

}  // namespace corrent::net
