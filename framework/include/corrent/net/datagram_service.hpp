#pragma once
// DatagramService: the session's UDP sockets (one per listen address, on the TCP port),
// shared by every plugin that speaks UDP, as libtorrent and rqbit share theirs. Each
// received datagram is offered to the registered handlers in turn until one claims it:
// uTP by its header, the DHT by KRPC's leading 'd', the UDP tracker client by a
// transaction id it is waiting for, from the tracker it asked. Sending is queued per
// socket (kMaxDatagramSendQueue) and never waits: a datagram goes straight to the kernel
// when nothing is queued before it and the socket takes it at once.
//
//   auto registration = service.add_handler("tracker_udp", [this](const net::Datagram& d) {
//     if (!is_my_reply(d.from, d.bytes)) return false;  // not mine: the next handler's
//     take(d.bytes);
//     return true;
//   });
//   if (auto sent = service.send(tracker, packet); !sent) report(sent.error());
//
// All on one executor. Whoever owns the service awaits stop() before destroying it.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/datagram_socket.hpp"
#include "corrent/net/endpoint.hpp"

namespace corrent::net {

/// A received datagram as a handler sees it; valid during the handler call only.
struct Datagram {
  Endpoint from;   ///< the sender
  Endpoint local;  ///< the socket it came in on
  std::span<const std::uint8_t> bytes;
  /// Datagrams from the sender's address in its current kSourceCountWindow, this one
  /// included: what a handler's per-source rate limit reads.
  std::uint32_t recent_from_source = 0;
};

/// Returns true if it takes the datagram (no later handler sees it). Runs on the service's
/// executor; must not block. It must claim narrowly: only what its protocol can tell is
/// its own.
using DatagramHandler = std::function<bool(const Datagram&)>;

/// What the service has done, for status pages and tests.
struct DatagramCounters {
  std::uint64_t received = 0;
  std::uint64_t claimed = 0;
  std::uint64_t unclaimed = 0;       ///< no handler took it: dropped
  std::uint64_t sent = 0;
  std::uint64_t send_errors = 0;     ///< the system refused a queued datagram
  std::uint64_t queue_full = 0;      ///< send() refused: the socket's queue was full
  std::uint64_t receive_errors = 0;  ///< per-datagram receive errors (ICMP unreachable, ...)
};

class DatagramService {
 public:
  /// Removes its handler when destroyed (or on reset()); may outlive the service.
  class Registration {
   public:
    Registration() = default;
    ~Registration() { reset(); }
    Registration(Registration&& other) noexcept;
    Registration& operator=(Registration&& other) noexcept;
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;
    void reset();
    [[nodiscard]] bool active() const { return !handlers_.expired(); }

    struct Handlers;  // the service's handler list, defined in the .cpp

   private:
    friend class DatagramService;
    Registration(std::weak_ptr<Handlers> handlers, std::uint64_t id) : handlers_(std::move(handlers)), id_(id) {}
    std::weak_ptr<Handlers> handlers_;
    std::uint64_t id_ = 0;
  };

  /// open() makes its sockets with `opener`, or open_udp_socket when it is empty.
  explicit DatagramService(asio::any_io_executor executor, DatagramOpener opener = {});
  ~DatagramService();
  DatagramService(const DatagramService&) = delete;
  DatagramService& operator=(const DatagramService&) = delete;

  /// Opens a UDP socket on `bind` (with the opener) and starts reading it. Returns where it
  /// is bound. Errors: the system's; errc::datagram_closed after stop().
  Result<Endpoint> open(Endpoint bind);
  /// Takes a socket made elsewhere (a test's, a simulated network's) and starts reading it.
  Result<Endpoint> add_socket(std::unique_ptr<DatagramSocket> socket);
  /// Where the open sockets are bound, in the order they were opened.
  [[nodiscard]] std::vector<Endpoint> local_endpoints() const;
  /// Whether a socket of `to`'s address family is open (send() can reach it).
  [[nodiscard]] bool can_send_to(const Endpoint& to) const;
  /// Waits until can_send_to(`like`) or the service stops. A session builds its plugins
  /// before it opens its sockets, so a plugin that must send first (a DHT's bootstrap)
  /// waits here. Returns can_send_to(`like`); false at once once stopped, and false if
  /// the awaiting coroutine is cancelled first.
  Task<bool> wait_for_socket(Endpoint like);

  /// Adds a handler after those already there. `name` is for diagnostics. `after_batch`,
  /// if set, is called after each burst: once the reader has taken the datagrams already
  /// waiting on a socket (at most kMaxDatagramBatch), so that a handler can answer a burst
  /// once (uTP's acks) rather than per datagram.
  [[nodiscard]] Registration add_handler(std::string name, DatagramHandler handler,
                                         std::function<void()> after_batch = {});

  /// Queues `bytes` for `to` on the first socket of its address family and returns at
  /// once. Errors: errc::datagram_too_large (> kMaxDatagramSize), no_datagram_socket,
  /// send_queue_full (kMaxDatagramSendQueue waiting), datagram_closed. Whether it then
  /// leaves is the network's business: the system's errors are only counted.
  Result<void> send(const Endpoint& to, std::span<const std::uint8_t> bytes);

  [[nodiscard]] const DatagramCounters& counters() const;
  /// Datagrams from `source`'s address in its current window (SourceCounters).
  [[nodiscard]] std::uint32_t recent_from(const Endpoint& source) const;

  /// Closes every socket and waits for their readers and writers to end. Datagrams still
  /// queued are dropped. Later calls return at once; later send() and open() fail.
  Task<void> stop();

  struct State;  // defined in the .cpp (its coroutines name it)

 private:
  std::shared_ptr<State> state_;
  DatagramOpener opener_;
};

}  // namespace corrent::net
