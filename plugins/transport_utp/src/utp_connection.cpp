// UtpConnection: construction and the application's side (write, read, close). The
// receiving half is in utp_connection_recv.cpp, the sending half in utp_connection_send.cpp.
#include "utp_connection.hpp"

#include <algorithm>
#include <cstring>
#include <asio/error.hpp>

namespace corrent::transport_utp {

namespace {
constexpr std::uint32_t initial_payload(const ConnectionSettings& s) {
  return std::min(kPacketSizeFloor, s.packet_size_ceiling) - kPacketOverhead;
}
}  // namespace

UtpConnection::UtpConnection(const ConnectionSettings& settings, PacketSink& sink, std::uint64_t now_us)
    : settings_(settings),
      sink_(&sink),
      ledbat_(settings.ledbat, initial_payload(settings)),
      rto_us_(kInitialRtoUs),
      mtu_floor_(std::min(kPacketSizeFloor, settings.packet_size_ceiling)),
      mtu_ceiling_(std::max(settings.packet_size_ceiling, mtu_floor_)),
      last_receive_us_(now_us),
      last_send_us_(now_us),
      started_us_(now_us),
      scratch_(encoded_size(kMaxSackBytesSent, mtu_ceiling_)) {}

UtpConnection::UtpConnection(const ConnectionSettings& settings, PacketSink& sink, std::uint16_t recv_id,
                             std::uint16_t first_seq, std::uint64_t now_us)
    : UtpConnection(settings, sink, now_us) {
  recv_id_ = recv_id;
  send_id_ = static_cast<std::uint16_t>(recv_id + 1);
  seq_nr_ = first_seq;
  state_ = ConnectionState::syn_sent;
}

UtpConnection UtpConnection::accept(const ConnectionSettings& settings, PacketSink& sink, const Packet& syn,
                                    std::uint16_t first_seq, std::uint64_t now_us) {
  UtpConnection c(settings, sink, now_us);
  c.recv_id_ = static_cast<std::uint16_t>(syn.header.connection_id + 1);
  c.send_id_ = syn.header.connection_id;
  c.seq_nr_ = first_seq;
  c.ack_nr_ = syn.header.seq_nr;
  c.peer_window_ = syn.header.wnd_size;
  c.state_ = ConnectionState::syn_received;
  ++c.stats_.packets_received;
  if (syn.header.timestamp_us != 0) c.reply_micro_ = static_cast<std::uint32_t>(now_us) - syn.header.timestamp_us;
  // The STATE's seq_nr is the one our first data packet will carry (a STATE consumes
  // none); the dialler takes seq_nr - 1 as its ack_nr.
  c.send_state(now_us);
  return c;
}

void UtpConnection::send_syn(std::uint64_t now_us) {
  if (state_ != ConnectionState::syn_sent || !outbuf_.empty()) return;
  OutPacket syn;
  syn.seq = seq_nr_++;
  syn.type = PacketType::syn;
  outbuf_.push_back(std::move(syn));
  transmit(outbuf_.back(), now_us);
}

std::size_t UtpConnection::writable() const {
  if (state_ == ConnectionState::closing || state_ == ConnectionState::closed) return 0;
  const std::size_t held = (unsent_.size() - unsent_offset_) + outbuf_bytes_;
  return held >= settings_.send_buffer_bytes ? 0 : settings_.send_buffer_bytes - held;
}

std::size_t UtpConnection::write(std::span<const std::uint8_t> bytes, std::uint64_t now_us) {
  const std::size_t take = std::min(bytes.size(), writable());
  if (take == 0) return 0;
  if (unsent_offset_ == unsent_.size()) {
    unsent_.clear();
    unsent_offset_ = 0;
  }
  unsent_.insert(unsent_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(take));
  flush(now_us);
  return take;
}

std::size_t UtpConnection::read(std::span<std::uint8_t> into, std::uint64_t now_us) {
  const std::size_t n = std::min(into.size(), readable());
  if (n == 0) return 0;
  std::memcpy(into.data(), ready_.data() + ready_offset_, n);
  ready_offset_ += n;
  if (ready_offset_ == ready_.size()) {
    ready_.clear();
    ready_offset_ = 0;
  } else if (ready_offset_ > ready_.size() / 2) {
    ready_.erase(ready_.begin(), ready_.begin() + static_cast<std::ptrdiff_t>(ready_offset_));
    ready_offset_ = 0;
  }
  // The peer stopped because our window was shut: tell it the window is open again.
  if (window_was_shut_ && advertised_window() >= ledbat_.mss() && state_ != ConnectionState::closed) {
    window_was_shut_ = false;
    need_ack_ = true;
    flush(now_us);
  }
  return n;
}

void UtpConnection::close(std::uint64_t now_us) {
  switch (state_) {
    case ConnectionState::closed:
    case ConnectionState::closing:
      return;
    case ConnectionState::syn_sent:
      // Nothing was said yet; the peer forgets a half-made connection by its own timeout.
      state_ = ConnectionState::closed;
      outbuf_.clear();
      return;
    default:
      break;
  }
  state_ = ConnectionState::closing;
  closing_since_us_ = now_us;
  // Nobody reads any more: what arrives from now on is acked and dropped.
  ready_.clear();
  ready_offset_ = 0;
  flush(now_us);
}

void UtpConnection::reset() {
  if (state_ == ConnectionState::closed) return;
  if (state_ != ConnectionState::syn_sent) send_control(PacketType::reset, seq_nr_, last_send_us_);
  state_ = ConnectionState::closed;
  outbuf_.clear();
  flight_bytes_ = 0;
  outbuf_bytes_ = 0;
}

void UtpConnection::fail(std::error_code why) {
  error_ = why;
  state_ = ConnectionState::closed;
  outbuf_.clear();
  unsent_.clear();
  unsent_offset_ = 0;
  flight_bytes_ = 0;
  outbuf_bytes_ = 0;
  rto_deadline_us_ = 0;
}

UtpConnection::OutPacket* UtpConnection::find(std::uint16_t seq) {
  if (outbuf_.empty()) return nullptr;
  const std::size_t index = static_cast<std::uint16_t>(seq - outbuf_.front().seq);
  return index < outbuf_.size() ? &outbuf_[index] : nullptr;
}

void UtpConnection::drop_acked_front() {
  while (!outbuf_.empty() && outbuf_.front().acked) outbuf_.pop_front();
}

}  // namespace corrent::transport_utp
