#pragma once
// PlainDatagramSocket: a real UDP socket seen only through DatagramSocket's awaitable
// receive() and send(), without the try_receive()/try_send() shortcuts (their defaults),
// as a simulated or third-party socket is. With it a test can fill the service's send
// queue before the executor runs, and see one datagram per read.
#include <memory>
#include "corrent/net/datagram_socket.hpp"

namespace corrent::test {

class PlainDatagramSocket final : public net::DatagramSocket {
 public:
  explicit PlainDatagramSocket(std::unique_ptr<net::DatagramSocket> inner) : inner_(std::move(inner)) {}
  [[nodiscard]] net::Endpoint local_endpoint() const override { return inner_->local_endpoint(); }
  Task<Result<std::size_t>> receive(std::span<std::uint8_t> buffer, net::Endpoint& from) override {
    co_return co_await inner_->receive(buffer, from);
  }
  Task<Result<void>> send(net::Endpoint to, std::span<const std::uint8_t> bytes) override {
    co_return co_await inner_->send(to, bytes);
  }
  void close() override { inner_->close(); }

 private:
  std::unique_ptr<net::DatagramSocket> inner_;
};

}  // namespace corrent::test
