#pragma once
// GatewaySocket: a UDP socket of our own, connected to the gateway's NAT-PMP/PCP port,
// and the request/reply exchange over it: send, wait 250 ms, send again, each wait twice
// the last (RFC 6886 §3.1), for a bounded number of attempts. Only datagrams from the
// gateway's address and port count (the kernel filters a connected socket, and we check
// again), and of those only the ones the caller accepts as the answer; the rest are
// ignored, kMaxIgnoredPerExchange at most per attempt. One exchange at a time.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include <asio/any_io_executor.hpp>
#include <asio/ip/udp.hpp>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"
#include "default_gateway.hpp"

namespace corrent::nat_pmp {

/// Says whether a datagram from the gateway answers the request in flight.
using AcceptReply = std::function<bool(std::span<const std::uint8_t>)>;

class GatewaySocket {
 public:
  /// Opens an IPv4 UDP socket and connects it to `gateway`. Errors: the system's (no
  /// route to the gateway, say).
  static Result<std::unique_ptr<GatewaySocket>> open(asio::any_io_executor executor, net::Endpoint gateway);

  /// Our address towards the gateway: the socket's local address (our "internal" address
  /// in PCP's header and NAT-PMP's mappings).
  [[nodiscard]] Ipv4Bytes internal_address() const { return internal_; }
  [[nodiscard]] const net::Endpoint& gateway() const { return gateway_; }
  /// Datagrams read and not accepted, over the socket's life (for tests).
  [[nodiscard]] std::uint64_t ignored() const { return ignored_; }

  /// Sends `request` up to `attempts` times and returns the first datagram `accept`
  /// takes. Errors: nat_pmp::errc::timed_out after the last wait;
  /// asio::error::operation_aborted when the coroutine is cancelled.
  Task<Result<std::vector<std::uint8_t>>> exchange(std::vector<std::uint8_t> request, AcceptReply accept,
                                                   std::uint32_t attempts);

 private:
  GatewaySocket(asio::ip::udp::socket socket, net::Endpoint gateway, Ipv4Bytes internal);
  // Waits for this attempt's answer until `deadline`: true with it in `reply`, false when
  // the wait ran out; operation_aborted when cancelled.
  Task<Result<bool>> await_reply(const AcceptReply& accept, std::vector<std::uint8_t>& reply,
                                 std::chrono::steady_clock::duration wait);

  asio::ip::udp::socket socket_;
  net::Endpoint gateway_;
  Ipv4Bytes internal_{};
  std::uint64_t ignored_ = 0;
};

}  // namespace corrent::nat_pmp
