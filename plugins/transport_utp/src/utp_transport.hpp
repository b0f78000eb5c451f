#pragma once
// UtpTransport: the "utp" net::Transport. Its connections live on the session's shared
// UDP socket (PluginContext::datagrams), so the port it listens on is the port the session
// announces for TCP, the DHT and UDP trackers alike; without a session it opens sockets of
// its own.
#include <memory>
#include <asio/any_io_executor.hpp>
#include "corrent/net/datagram_service.hpp"
#include "corrent/net/transport.hpp"
#include "utp_settings.hpp"
#include "utp_socket_manager.hpp"

namespace corrent::transport_utp {

class UtpTransport final : public net::Transport {
 public:
  /// `service` may be nullptr: the transport then owns a DatagramService of its own.
  UtpTransport(asio::any_io_executor executor, net::DatagramService* service, UtpSettings settings);
  ~UtpTransport() override;

  [[nodiscard]] std::string_view scheme() const override { return "utp"; }
  Task<Result<std::unique_ptr<net::Stream>>> connect(net::Endpoint to, std::chrono::milliseconds timeout) override;
  /// Listens on the shared socket bound to `bind`, opening it when the session has not yet
  /// (the session then finds it open, on the same port).
  Result<std::unique_ptr<net::Listener>> listen(net::Endpoint bind) override;
  Task<void> stop() override;

  [[nodiscard]] UtpSocketManager& manager() { return *manager_; }

 private:
  friend class UtpListener;
  void listener_closed();

  std::unique_ptr<net::DatagramService> own_service_;
  net::DatagramService* service_;
  std::unique_ptr<UtpSocketManager> manager_;
  std::size_t listeners_ = 0;
};

}  // namespace corrent::transport_utp
