#pragma once
// UtpSocketManager: every uTP connection of a transport on the session's shared UDP
// socket. It claims uTP datagrams (utp_packet.hpp's looks_like_utp) from the
// DatagramService, routes them by (sender, connection id), answers SYNs while listening,
// answers packets of unknown connections with a RESET (at most max_resets_per_second), and
// ticks every connection's timers.
//
// SYN floods: an inbound connection is offered to accept() only once the peer's first
// packet after our STATE arrives (a spoofed SYN never gets there), at most
// max_half_open_inbound wait at once, and a SYN beyond that is dropped unanswered. The
// STATE we answer with is no bigger than the SYN: nothing is amplified.
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <absl/container/flat_hash_map.h>
#include <asio/any_io_executor.hpp>
#include "corrent/core/condition.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/datagram_service.hpp"
#include "corrent/net/stream.hpp"
#include "corrent/net/task_group.hpp"
#include "utp_entry.hpp"
#include "utp_settings.hpp"

namespace corrent::transport_utp {

/// What the manager did, for tests.
struct ManagerCounters {
  std::uint64_t malformed = 0;        ///< looked like uTP, did not decode
  std::uint64_t syns_accepted = 0;
  std::uint64_t syns_dropped = 0;     ///< not listening, or the half-open bound was reached
  std::uint64_t resets_sent = 0;
  std::uint64_t resets_suppressed = 0;
  std::uint64_t unknown = 0;          ///< packets of no connection we know
};

class UtpSocketManager {
 public:
  UtpSocketManager(asio::any_io_executor executor, net::DatagramService& service, UtpSettings settings);
  ~UtpSocketManager();
  UtpSocketManager(const UtpSocketManager&) = delete;
  UtpSocketManager& operator=(const UtpSocketManager&) = delete;

  /// Dials `to`; fails with timed_out, connection_refused (a RESET), no_datagram_socket.
  Task<Result<std::unique_ptr<net::Stream>>> connect(net::Endpoint to, std::chrono::milliseconds timeout);
  /// From now on SYNs are answered and confirmed connections queued for accept().
  void listen() { listening_ = true; }
  /// The next confirmed inbound connection; waits (cancellable) until there is one or
  /// stop() (operation_aborted).
  Task<Result<std::unique_ptr<net::Stream>>> accept();
  /// Stops listening; a pending accept() ends with operation_aborted.
  void stop_listening();
  /// Resets every connection, stops the timer and removes the datagram handler.
  Task<void> stop();

  [[nodiscard]] std::size_t connection_count() const { return entries_.size(); }
  [[nodiscard]] std::size_t half_open_count() const;
  [[nodiscard]] const ManagerCounters& counters() const { return counters_; }
  [[nodiscard]] const UtpSettings& settings() const { return settings_; }

 private:
  struct Key {
    net::Endpoint remote;
    std::uint16_t recv_id;
    friend bool operator==(const Key&, const Key&) = default;
    template <class H>
    friend H AbslHashValue(H h, const Key& k) {
      return H::combine(std::move(h), k.remote, k.recv_id);
    }
  };

  bool on_datagram(const net::Datagram& d);
  void on_syn(const net::Datagram& d, const Packet& packet);
  void send_reset(const net::Endpoint& to, const PacketHeader& to_what);
  std::shared_ptr<UtpEntry> find_by_send_id(const net::Endpoint& from, std::uint16_t id) const;
  void after_packet(const Key& key, const std::shared_ptr<UtpEntry>& entry);
  void end_of_burst();
  Task<void> tick_loop();
  void tick();
  std::unique_ptr<net::Stream> make_stream(std::shared_ptr<UtpEntry> entry);

  asio::any_io_executor executor_;
  net::DatagramService* service_;
  UtpSettings settings_;
  absl::flat_hash_map<Key, std::shared_ptr<UtpEntry>> entries_;
  std::deque<std::shared_ptr<UtpEntry>> accept_queue_;
  std::vector<std::shared_ptr<UtpEntry>> burst_;  ///< had packets in the burst being read
  Condition accept_ready_;
  Condition has_entries_;
  net::DatagramService::Registration registration_;
  net::TaskGroup tasks_;
  bool listening_ = false;
  bool stopped_ = false;
  std::uint64_t reset_window_start_us_ = 0;
  std::uint32_t resets_in_window_ = 0;
  ManagerCounters counters_;
};

}  // namespace corrent::transport_utp
