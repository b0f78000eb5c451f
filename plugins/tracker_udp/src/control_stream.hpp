#pragma once
// The SOCKS5 control connection seen as a net::Stream, for socks5_udp_associate only: the
// socket stays the association's, which keeps it open (RFC 1928 section 7: the association
// ends when it closes) and watches it. Plain asio, as tracker_http's and webseed's proxy
// connections (net::http's ProxiedSocket): the plugin has no session transport of its own.

#include <span>

#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/stream.hpp"

namespace corrent::tracker_udp {

class ControlStream final : public net::Stream {
 public:
  explicit ControlStream(asio::ip::tcp::socket& socket) : socket_(socket) {}

  Task<Result<std::size_t>> read_some(std::span<std::byte> into) override {
    auto [ec, n] = co_await socket_.async_read_some(asio::buffer(into.data(), into.size()), use_nothrow);
    if (ec) co_return tl::make_unexpected(ec);
    co_return n;
  }
  Task<Result<void>> write_gather(net::ConstBuffers parts) override {
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
  [[nodiscard]] net::Endpoint remote() const override {
    asio::error_code ec;
    const auto e = socket_.remote_endpoint(ec);
    return ec ? net::Endpoint() : net::from_asio(e);
  }
  [[nodiscard]] net::Endpoint local() const override {
    asio::error_code ec;
    const auto e = socket_.local_endpoint(ec);
    return ec ? net::Endpoint() : net::from_asio(e);
  }

 private:
  asio::ip::tcp::socket& socket_;
};

}  // namespace corrent::tracker_udp
