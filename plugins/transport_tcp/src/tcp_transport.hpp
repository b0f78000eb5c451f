#pragma once
// TcpTransport: the "tcp" net::Transport. Connects with a timeout and a bound on
// half-open connects, listens dual-stack.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string_view>

#include <asio/any_io_executor.hpp>
#include "corrent/core/clock.hpp"

#include "corrent/core/condition.hpp"
#include "corrent/net/transport.hpp"
#include "tcp_settings.hpp"

namespace corrent::transport_tcp {

class TcpTransport final : public net::Transport {
 public:
  TcpTransport(asio::any_io_executor executor, TcpSettings settings);

  [[nodiscard]] std::string_view scheme() const override { return "tcp"; }

  /// Waits for a half-open slot, then connects; both within min(timeout,
  /// settings.connect_timeout), else net::errc::timed_out. Other errors are the OS's
  /// (connection_refused, network_unreachable, ...).
  Task<Result<std::unique_ptr<net::Stream>>> connect(net::Endpoint to,
                                                      std::chrono::milliseconds timeout) override;

  Result<std::unique_ptr<net::Listener>> listen(net::Endpoint bind) override;

  /// Connects in progress now (never above settings().max_half_open).
  [[nodiscard]] std::size_t half_open() const { return half_open_; }
  [[nodiscard]] const TcpSettings& settings() const { return settings_; }

 private:
  Task<Result<std::unique_ptr<net::Stream>>> connect_in_slot(net::Endpoint to);

  asio::any_io_executor executor_;
  TcpSettings settings_;
  std::size_t half_open_ = 0;
  Condition slot_freed_;  // notified when a half-open slot frees
};

}  // namespace corrent::transport_tcp
