#pragma once
// UtpConnection: one uTP connection's state machine (BEP 29), sans-I/O. It is fed the
// packets addressed to it and the time, and hands the packets it sends to a PacketSink;
// the application side writes bytes into its bounded send buffer and reads bytes out of
// its bounded receive buffer. UtpSocketManager drives it from the shared UDP socket and a
// timer; the unit tests and the fairness simulation drive it directly.
//
// What it does: the SYN / STATE set-up, sequence and ack numbers
// with wrap-around, selective acks both ways, retransmission on an RTO (RFC 6298's
// estimator, Karn's rule, doubling back-off), fast retransmit on three duplicate acks or
// three packets selectively acked past a hole, LEDBAT (ledbat.hpp), the peer's receive
// window honoured (with a probe when it stays shut), Nagle for partial packets, path MTU
// probing between kPacketSizeFloor and the ceiling, keep-alives, FIN both ways and RESET.
//
// Times are microseconds on the caller's monotonic clock. Not thread-safe.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <system_error>
#include <vector>
#include <absl/container/flat_hash_map.h>
#include "ledbat.hpp"
#include "utp_limits.hpp"
#include "utp_packet.hpp"
#include "utp_settings.hpp"

namespace corrent::transport_utp {

/// Where a connection's packets go. send() returns false when the packet could not be
/// queued (the socket's queue is full): the connection stops sending until its next
/// tick or packet, and counts nothing as in flight.
class PacketSink {
 public:
  virtual ~PacketSink() = default;
  virtual bool send(std::span<const std::uint8_t> packet) = 0;
};

enum class ConnectionState {
  syn_sent,      ///< we dialled; waiting for the STATE that answers our SYN
  syn_received,  ///< they dialled; we answered, and wait for their first packet after it
  connected,
  closing,       ///< close() was called: the send buffer drains, then FIN, then its ack
  closed,        ///< FINs exchanged, or reset, or failed: error() says which
};

class UtpConnection {
 public:
  /// A connection we dial: send_syn() starts it. `recv_id` is the id the peer's packets
  /// carry; ours carry recv_id + 1.
  UtpConnection(const ConnectionSettings& settings, PacketSink& sink, std::uint16_t recv_id,
                std::uint16_t first_seq, std::uint64_t now_us);
  /// A connection the peer dialled with `syn`: answers it with a STATE at once.
  static UtpConnection accept(const ConnectionSettings& settings, PacketSink& sink, const Packet& syn,
                              std::uint16_t first_seq, std::uint64_t now_us);

  UtpConnection(UtpConnection&&) = default;
  UtpConnection& operator=(UtpConnection&&) = delete;
  UtpConnection(const UtpConnection&) = delete;
  UtpConnection& operator=(const UtpConnection&) = delete;

  /// Sends (or re-sends) our SYN.
  void send_syn(std::uint64_t now_us);

  // --- From the network ---
  /// A packet whose connection id is recv_id() (a SYN: recv_id() - 1, the peer's resend).
  /// With `in_burst`, an ack it calls for waits for flush_ack(): the caller answers a
  /// burst of packets once, at its end (data sent meanwhile carries the ack anyway).
  void on_packet(const Packet& packet, std::uint64_t now_us, bool in_burst = false);
  /// Sends the ack on_packet(..., true) held back, if any.
  void flush_ack(std::uint64_t now_us);
  /// Timers: retransmission, keep-alive, the connect and idle bounds, the linger bound,
  /// MTU probes. Call at least every kTickInterval.
  void on_tick(std::uint64_t now_us);

  // --- From the application ---
  /// Copies up to `bytes.size()` bytes into the send buffer (as many as fit) and sends what
  /// the windows allow. Returns how many were taken; 0 when the buffer is full or the
  /// connection is not open for writing.
  std::size_t write(std::span<const std::uint8_t> bytes, std::uint64_t now_us);
  /// Moves up to `into.size()` received bytes out; reopening the window may send an ack.
  std::size_t read(std::span<std::uint8_t> into, std::uint64_t now_us);
  /// Graceful close: what was written is still delivered, then FIN. Later writes fail.
  void close(std::uint64_t now_us);
  /// Abortive close: RESET to the peer, state closed at once.
  void reset();

  // --- What the application waits for ---
  [[nodiscard]] ConnectionState state() const { return state_; }
  /// Bytes that read() can return now.
  [[nodiscard]] std::size_t readable() const { return ready_.size() - ready_offset_; }
  /// The peer's FIN arrived in order and every byte before it was read.
  [[nodiscard]] bool at_eof() const { return eof_received_ && readable() == 0; }
  /// Free room in the send buffer (write() takes that much).
  [[nodiscard]] std::size_t writable() const;
  /// Why the connection failed: timed_out, connection_reset, connection_refused; empty
  /// while it works and after a graceful close.
  [[nodiscard]] std::error_code error() const { return error_; }
  /// Closed and nothing more to send: the manager may forget it.
  [[nodiscard]] bool finished() const { return state_ == ConnectionState::closed; }
  /// The peer has sent its first packet after our STATE (an inbound connection is only
  /// offered to accept() then: a spoofed SYN never gets that far).
  [[nodiscard]] bool confirmed() const { return state_ != ConnectionState::syn_received; }

  [[nodiscard]] std::uint16_t recv_id() const { return recv_id_; }
  [[nodiscard]] std::uint16_t send_id() const { return send_id_; }
  [[nodiscard]] const ConnectionStats& stats() const { return stats_; }
  [[nodiscard]] const Ledbat& congestion() const { return ledbat_; }
  /// Bytes sent and not yet acknowledged.
  [[nodiscard]] std::uint32_t flight_bytes() const { return flight_bytes_; }
  /// Payload bytes in a full packet now (MTU discovery moves it).
  [[nodiscard]] std::uint32_t packet_payload() const { return ledbat_.mss(); }
  /// Bytes waiting in the receive buffer and the reorder buffer.
  [[nodiscard]] std::size_t receive_buffered() const { return readable() + reorder_bytes_; }
  [[nodiscard]] std::uint32_t rto_us() const { return rto_us_; }

 private:
  struct OutPacket {
    std::uint16_t seq = 0;
    PacketType type = PacketType::data;
    std::vector<std::uint8_t> payload;
    std::uint64_t sent_us = 0;
    std::uint32_t transmissions = 0;  ///< 0: not sent yet
    bool acked = false;
    bool need_resend = false;
    bool mtu_probe = false;
  };

  UtpConnection(const ConnectionSettings& settings, PacketSink& sink, std::uint64_t now_us);

  // Receiving (utp_connection_recv.cpp).
  void take_packet(const Packet& packet, std::uint64_t now_us);
  void on_syn(const Packet& packet, std::uint64_t now_us);
  void take_ack(const Packet& packet, std::uint64_t now_us);
  void take_sack(const Packet& packet, std::uint64_t now_us);
  /// Marks a sent packet acked; returns its payload bytes (0: unsent or acked already).
  std::uint32_t ack_packet(OutPacket& p, std::uint64_t now_us);
  void take_data(const Packet& packet, std::uint64_t now_us);
  void deliver(std::span<const std::uint8_t> payload);
  void take_fin(std::uint16_t seq);
  void fast_retransmit(std::uint16_t seq, std::uint64_t now_us);
  void update_rtt(std::uint32_t sample_us);
  void fail(std::error_code why);

  // Sending (utp_connection_send.cpp).
  void flush(std::uint64_t now_us);
  bool packetize(std::uint64_t now_us);
  bool transmit(OutPacket& p, std::uint64_t now_us);
  bool send_state(std::uint64_t now_us);
  void clear_ack();
  bool send_control(PacketType type, std::uint16_t seq, std::uint64_t now_us);
  std::size_t encode(PacketType type, std::uint16_t seq, std::span<const std::uint8_t> payload, std::uint64_t now_us);
  std::size_t build_sack(std::span<std::uint8_t> out) const;
  [[nodiscard]] std::uint32_t advertised_window() const;
  [[nodiscard]] std::uint32_t send_window() const;
  void on_rto(std::uint64_t now_us);
  void maybe_send_fin(std::uint64_t now_us);
  OutPacket* find(std::uint16_t seq);
  void drop_acked_front();

  ConnectionSettings settings_;
  PacketSink* sink_;
  ConnectionState state_ = ConnectionState::syn_sent;
  std::error_code error_;
  ConnectionStats stats_;
  Ledbat ledbat_;

  std::uint16_t recv_id_ = 0;
  std::uint16_t send_id_ = 0;
  std::uint16_t seq_nr_ = 0;  ///< the next sequence number we send
  std::uint16_t ack_nr_ = 0;  ///< the last in-order sequence number received
  std::uint32_t reply_micro_ = 0;  ///< our clock minus the peer's, from its last packet
  std::uint32_t peer_window_ = 0;

  // Sending.
  std::vector<std::uint8_t> unsent_;  ///< written, not yet packetized
  std::size_t unsent_offset_ = 0;
  std::deque<OutPacket> outbuf_;      ///< packetized, not yet acked, in seq order
  std::uint32_t flight_bytes_ = 0;    ///< payload of sent, unacked packets
  std::uint32_t outbuf_bytes_ = 0;    ///< payload of every packet in outbuf_
  std::uint32_t duplicate_acks_ = 0;
  std::uint16_t loss_seq_ = 0;        ///< a loss at or before it was already answered
  bool fin_queued_ = false;
  bool fin_acked_ = false;

  // Round trips.
  std::uint32_t srtt_us_ = 0;
  std::uint32_t rttvar_us_ = 0;
  std::uint32_t rto_us_;
  std::uint64_t rto_deadline_us_ = 0;  ///< 0: no timer

  // MTU probing: packet payloads in [floor, ceiling]; a probe is one packet of the middle size.
  std::uint32_t mtu_floor_;
  std::uint32_t mtu_ceiling_;
  std::optional<std::uint16_t> probe_seq_;

  // Receiving.
  std::vector<std::uint8_t> ready_;
  std::size_t ready_offset_ = 0;
  absl::flat_hash_map<std::uint16_t, std::vector<std::uint8_t>> reorder_;  ///< by seq, past ack_nr + 1
  std::size_t reorder_bytes_ = 0;
  bool need_ack_ = false;        ///< an ack goes with the next flush()
  bool in_burst_ = false;        ///< on_packet(..., true) runs: flush() holds the ack back
  bool ack_due_ = false;         ///< a delayed ack goes at the next tick, if nothing carries it first
  std::uint32_t unacked_packets_ = 0;  ///< in-order packets received since our last ack
  bool eof_received_ = false;
  std::optional<std::uint16_t> peer_fin_seq_;
  bool window_was_shut_ = false;

  std::uint64_t last_receive_us_;
  std::uint64_t last_send_us_;
  std::uint64_t started_us_;
  std::uint64_t closing_since_us_ = 0;
  std::vector<std::uint8_t> scratch_;  ///< the packet being encoded
};

}  // namespace corrent::transport_utp
