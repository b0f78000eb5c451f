#pragma once
// MulticastSocket: one BEP 14 group's UDP socket. LSD cannot use the session's shared
// socket: it must listen on the group's port (6771), which every LSD client on the host
// binds too (SO_REUSEADDR), and be a member of the group. The socket both receives the
// group's announces and sends ours to it.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include <asio/any_io_executor.hpp>
#include <asio/ip/udp.hpp>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"
#include "announce_message.hpp"

namespace corrent::lsd {

struct MulticastOptions {
  Group group = Group::v4;
  std::uint16_t port = 0;  ///< the group's port (BEP 14: 6771)
  /// IPv4: the interface to join on and send from, by its address; 0.0.0.0 lets the
  /// system choose (the route to the group).
  std::array<std::uint8_t, 4> interface_v4{};
  /// IPv6: the interface's index; 0 lets the system choose.
  unsigned int interface_v6 = 0;
  /// IP_MULTICAST_LOOP: our announces reach sockets on this host too.
  bool loop = true;
};

class MulticastSocket {
 public:
  /// Opens, binds to the any-address on options.port with SO_REUSEADDR, joins the group
  /// and sets hops (kMulticastHops), loop and the outgoing interface. Errors: the
  /// system's (no_such_device when the interface has no multicast route, ...).
  static Result<std::unique_ptr<MulticastSocket>> open(asio::any_io_executor executor, MulticastOptions options);

  /// Waits for one datagram into `buffer`; a larger one is cut to the buffer's size. Errors:
  /// operation_aborted once closed or cancelled; others concern one datagram.
  Task<Result<std::size_t>> receive(std::span<std::uint8_t> buffer, net::Endpoint& from);
  /// Sends `bytes` to the group, within kSendTimeout (then asio::error::timed_out).
  Task<Result<void>> send(std::span<const std::uint8_t> bytes);
  void close();

  [[nodiscard]] Group group() const { return options_.group; }
  [[nodiscard]] const MulticastOptions& options() const { return options_; }
  [[nodiscard]] net::Endpoint local_endpoint() const;

 private:
  MulticastSocket(asio::ip::udp::socket socket, MulticastOptions options);

  asio::ip::udp::socket socket_;
  MulticastOptions options_;
  asio::ip::udp::endpoint group_endpoint_;
};

/// The index of the interface that holds IPv4 `address` (0 for 0.0.0.0), so that IPv6
/// announces go out where the IPv4 ones do. Errors: std::errc::no_such_device when no
/// interface holds it; getifaddrs' own.
[[nodiscard]] Result<unsigned int> interface_index_of(const std::array<std::uint8_t, 4>& address);

}  // namespace corrent::lsd
