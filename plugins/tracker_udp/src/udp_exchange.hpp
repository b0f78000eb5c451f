#pragma once
// One UDP socket per address family, shared by every request of the plugin, and the
// request/reply exchange over it: send, wait base * 2^n, retransmit, up to max_retransmits.
// A reader coroutine per socket hands each datagram to the request waiting for its
// transaction id, and only when it comes from that request's tracker endpoint; anything
// else (unknown or wrong transaction id, another source) is dropped.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <asio/any_io_executor.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"

namespace corrent::tracker_udp {

/// Retransmission schedule.
struct RetransmitPolicy {
  std::chrono::milliseconds base{15000};
  std::uint32_t max_retransmits = 8;
};

/// A reply and the transaction id it answered.
struct UdpReply {
  std::uint32_t transaction_id = 0;
  std::vector<std::uint8_t> packet;
  bool from_v6 = false;  ///< it came over the IPv6 socket: peers are 18-byte entries
};

class UdpExchange {
 public:
  explicit UdpExchange(asio::any_io_executor executor);
  /// Closes the sockets; stop() should have been awaited.
  ~UdpExchange();
  UdpExchange(const UdpExchange&) = delete;
  UdpExchange& operator=(const UdpExchange&) = delete;

  /// Sends `make(transaction_id)` to `to` and returns the first reply from `to` carrying
  /// that transaction id, retransmitting per `policy` (same id each time, so a late reply
  /// still counts). Errors: tracker::errc::timed_out after the last wait, socket errors,
  /// asio::error::operation_aborted when cancelled or stopped.
  template <class MakePacket>
  Task<Result<UdpReply>> request(asio::ip::udp::endpoint to, MakePacket make,
                                 RetransmitPolicy policy) {
    const std::uint32_t tid = new_transaction_id();
    co_return co_await transact(to, make(tid), tid, policy);
  }

  /// Closes the sockets and waits for the readers to end.
  Task<void> stop();

  // Defined in the .cpp; public so its reader coroutine can name them.
  struct Waiter;
  struct Shared;

 private:
  Task<Result<UdpReply>> transact(asio::ip::udp::endpoint to,
                                                   std::vector<std::uint8_t> packet,
                                                   std::uint32_t tid, RetransmitPolicy policy);
  Result<asio::ip::udp::socket*> socket_for(const asio::ip::udp::endpoint& to);
  [[nodiscard]] std::uint32_t new_transaction_id() const;

  asio::any_io_executor executor_;
  std::shared_ptr<Shared> shared_;
};

}  // namespace corrent::tracker_udp
