#pragma once
// A net::Stream over a connected TCP socket.

#include <asio/ip/tcp.hpp>

#include "corrent/net/stream.hpp"
#include "tcp_settings.hpp"

namespace corrent::transport_tcp {

class TcpStream final : public net::Stream {
 public:
  /// Takes a connected socket and applies `settings`' socket options to it.
  TcpStream(asio::ip::tcp::socket socket, const TcpSettings& settings);
  ~TcpStream() override;

  Task<Result<std::size_t>> read_some(std::span<std::byte> into) override;
  Task<Result<void>> write_gather(net::ConstBuffers parts) override;
  void close() noexcept override;
  [[nodiscard]] net::Endpoint remote() const override { return remote_; }
  [[nodiscard]] net::Endpoint local() const override { return local_; }

 private:
  asio::ip::tcp::socket socket_;
  net::Endpoint remote_;  // kept: the socket cannot tell them once closed
  net::Endpoint local_;
};

/// Applies the per-connection options of `settings` (TCP_NODELAY, buffer sizes) to an
/// open socket. Failures are ignored: they are optimisations.
void apply_socket_options(asio::ip::tcp::socket& socket, const TcpSettings& settings);

}  // namespace corrent::transport_tcp
