#include "tcp_stream.hpp"

#include <asio/write.hpp>
#include <absl/container/inlined_vector.h>

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/error.hpp"

namespace corrent::transport_tcp {

void apply_socket_options(asio::ip::tcp::socket& socket, const TcpSettings& settings) {
  std::error_code ignored;
  socket.set_option(asio::ip::tcp::no_delay(settings.no_delay), ignored);
  if (settings.send_buffer_size > 0) {
    socket.set_option(asio::socket_base::send_buffer_size(settings.send_buffer_size), ignored);
  }
  if (settings.receive_buffer_size > 0) {
    socket.set_option(asio::socket_base::receive_buffer_size(settings.receive_buffer_size),
                      ignored);
  }
}

TcpStream::TcpStream(asio::ip::tcp::socket socket, const TcpSettings& settings)
    : socket_(std::move(socket)) {
  apply_socket_options(socket_, settings);
  std::error_code ec;
  if (const auto r = socket_.remote_endpoint(ec); !ec) remote_ = net::from_asio(r);
  if (const auto l = socket_.local_endpoint(ec); !ec) local_ = net::from_asio(l);
}

TcpStream::~TcpStream() { close(); }

Task<Result<std::size_t>> TcpStream::read_some(std::span<std::byte> into) {
  if (!socket_.is_open()) co_return fail(net::errc::stream_closed);
  auto [ec, n] = co_await socket_.async_read_some(asio::buffer(into.data(), into.size()),
                                                  use_nothrow);
  if (ec) co_return tl::make_unexpected(ec);
  co_return n;
}

Task<Result<void>> TcpStream::write_gather(net::ConstBuffers parts) {
  if (!socket_.is_open()) co_return fail(net::errc::stream_closed);
  absl::InlinedVector<asio::const_buffer, 4> buffers;
  for (const auto& part : parts) buffers.emplace_back(part.data(), part.size());
  auto [ec, n] = co_await asio::async_write(socket_, buffers, use_nothrow);
  if (ec) co_return tl::make_unexpected(ec);
  co_return Result<void>{};
}

void TcpStream::close() noexcept {
  if (!socket_.is_open()) return;
  std::error_code ignored;
  // shutdown first so the peer sees a FIN after what we sent, then release the socket;
  // pending operations complete with operation_aborted.
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace corrent::transport_tcp
