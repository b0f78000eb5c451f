#pragma once
// A net::Listener over one TCP acceptor, or two (IPv4 and IPv6) when one dual-stack
// socket is not possible or not wanted.

#include <memory>
#include <optional>
#include <vector>

#include <asio/any_io_executor.hpp>
#include <asio/ip/tcp.hpp>

#include "corrent/net/transport.hpp"
#include "tcp_settings.hpp"

namespace corrent::transport_tcp {

class TcpListener final : public net::Listener {
 public:
  /// Binds and listens on `bind`. "[::]:port" listens on IPv6 and IPv4: one socket with
  /// IPV6_V6ONLY off when settings.dual_stack_socket and the system allow, else an IPv6
  /// and an IPv4 socket on the same port. Errors: the OS's (address in use, ...).
  static Result<std::unique_ptr<TcpListener>> open(const asio::any_io_executor& executor,
                                                   net::Endpoint bind,
                                                   const TcpSettings& settings);

  Task<Result<std::unique_ptr<net::Stream>>> accept() override;
  [[nodiscard]] std::vector<net::Endpoint> local_endpoints() const override;
  void close() noexcept override;

  /// Whether one socket serves both families (tests check which path was taken).
  [[nodiscard]] bool dual_stack_socket() const { return dual_stack_; }

 private:
  TcpListener(std::vector<asio::ip::tcp::acceptor> acceptors, TcpSettings settings,
              bool dual_stack)
      : acceptors_(std::move(acceptors)), settings_(settings), dual_stack_(dual_stack) {}
  Task<Result<std::unique_ptr<net::Stream>>> accept_either();

  std::vector<asio::ip::tcp::acceptor> acceptors_;  // one or two
  TcpSettings settings_;
  bool dual_stack_ = false;
};

}  // namespace corrent::transport_tcp
