#pragma once
// UtpEntry: one connection as the socket manager and its stream share it: the state
// machine, where its packets go, and the signal its stream waits on.
#include <memory>
#include <optional>
#include <asio/any_io_executor.hpp>
#include "corrent/core/clock.hpp"
#include "corrent/core/condition.hpp"
#include "corrent/net/datagram_service.hpp"
#include "corrent/net/endpoint.hpp"
#include "utp_connection.hpp"

namespace corrent::transport_utp {

/// Microseconds on corrent::Clock (virtual in simulations), as UtpConnection reads time.
inline std::uint64_t now_us() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch()).count());
}

struct UtpEntry final : PacketSink {
  UtpEntry(const asio::any_io_executor& executor, net::DatagramService& service, net::Endpoint remote_)
      : remote(remote_), changed(executor), service_(&service) {}

  bool send(std::span<const std::uint8_t> packet) override {
    return service_ != nullptr && service_->send(remote, packet).has_value();
  }
  /// The manager is going away: nothing is sent any more.
  void detach() {
    if (connection) connection->reset();
    service_ = nullptr;
    changed.notify_all();
  }
  [[nodiscard]] bool detached() const { return service_ == nullptr; }

  net::Endpoint remote;
  net::Endpoint local;
  std::optional<UtpConnection> connection;  // set right after construction (it refers to *this)
  Condition changed;                        // state, readable or writable may have changed
  bool stream_open = false;                 // a UtpStream owns it and has not closed it
  bool inbound = false;                     // the peer dialled
  bool in_burst = false;                    // in the manager's burst_: ack and wake at its end
  bool offered = false;                     // an inbound one queued for accept()

 private:
  net::DatagramService* service_;
};

}  // namespace corrent::transport_utp
