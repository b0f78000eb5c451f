#pragma once
// DatagramSocket: one bound datagram socket, awaitable. The session's DatagramService
// (datagram_service.hpp) reads and writes through it; open_udp_socket() makes the real
// one, and a test or a simulated network supplies its own.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>

#include <asio/any_io_executor.hpp>
#include <asio/error.hpp>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"

namespace corrent::net {

/// A bound datagram socket. Used from one executor; close() ends a pending receive with
/// asio::error::operation_aborted.
class DatagramSocket {
 public:
  virtual ~DatagramSocket() = default;

  /// The address and port it is bound to.
  [[nodiscard]] virtual Endpoint local_endpoint() const = 0;
  /// Waits for one datagram, copies it into `buffer` (truncated to its size) and sets
  /// `from`. Errors: operation_aborted once closed; others concern one datagram (an ICMP
  /// "port unreachable" for an earlier send, say) and the next receive may succeed.
  virtual Task<Result<std::size_t>> receive(std::span<std::uint8_t> buffer, Endpoint& from) = 0;
  /// Hands one datagram to the network. The bytes must stay valid until it completes.
  virtual Task<Result<void>> send(Endpoint to, std::span<const std::uint8_t> bytes) = 0;
  /// Takes one datagram that is already waiting, without waiting (as receive()), or fails
  /// with asio::error::would_block when none is. Lets a reader drain a burst in one go;
  /// the default says none is waiting, so every datagram goes through receive().
  virtual Result<std::size_t> try_receive(std::span<std::uint8_t> buffer, Endpoint& from) {
    (void)buffer;
    (void)from;
    return tl::make_unexpected(std::error_code(asio::error::would_block));
  }
  /// Hands one datagram to the network at once if it can take it without waiting: true
  /// when sent, false when it would have to wait (then send() it); other errors are the
  /// system's, about this datagram. The default always defers to send().
  virtual Result<bool> try_send(const Endpoint& to, std::span<const std::uint8_t> bytes) {
    (void)to;
    (void)bytes;
    return false;
  }
  /// Closes the socket; pending and later operations fail.
  virtual void close() = 0;
};

/// A UDP socket bound to `bind` (port 0: one the system picks). An IPv6 socket is
/// IPv6-only, so that "[::]:P" and "0.0.0.0:P" can both be bound. Errors: the system's
/// (address_in_use, address_not_available, ...).
Result<std::unique_ptr<DatagramSocket>> open_udp_socket(asio::any_io_executor executor, Endpoint bind);

/// Opens a datagram socket bound to its argument. Empty: open_udp_socket, the real network;
/// a simulated network supplies its own (SessionSettings::datagram_opener).
using DatagramOpener = std::function<Result<std::unique_ptr<DatagramSocket>>(Endpoint bind)>;

}  // namespace corrent::net
