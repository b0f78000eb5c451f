// UtpConnection, sending: packets cut from the send buffer within the windows, resends,
// acks, FIN, and the timers (on_tick).
#include <algorithm>
#include <array>
#include <chrono>
#include <asio/error.hpp>
#include "utp_connection.hpp"

namespace corrent::transport_utp {

std::uint32_t UtpConnection::advertised_window() const {
  const std::size_t held = receive_buffered();
  return held >= settings_.receive_buffer_bytes ? 0 : static_cast<std::uint32_t>(settings_.receive_buffer_bytes - held);
}

std::uint32_t UtpConnection::send_window() const { return std::min(ledbat_.cwnd(), peer_window_); }

void UtpConnection::flush(std::uint64_t now_us) {
  if (state_ == ConnectionState::closed) return;
  if (state_ != ConnectionState::syn_sent) {
    // Resends first, oldest first, then new data, each within the window: one packet may
    // always go when nothing is in flight, so a window smaller than a packet still moves.
    const std::uint32_t window = send_window();
    for (auto& p : outbuf_) {
      if (!p.need_resend || p.acked) continue;
      const auto size = static_cast<std::uint32_t>(p.payload.size());
      if (flight_bytes_ > 0 && flight_bytes_ + size > window) break;
      if (!transmit(p, now_us)) return;
    }
    while (packetize(now_us)) {
    }
    maybe_send_fin(now_us);
  }
  if (need_ack_ && !in_burst_) send_state(now_us);
}

bool UtpConnection::packetize(std::uint64_t now_us) {
  const std::size_t pending = unsent_.size() - unsent_offset_;
  if (pending == 0) return false;
  // Nothing goes after an MTU probe until it is acked or lost: a lost one is cut back to
  // the usual size (on_rto), its tail returning to the send buffer, which only works while
  // it is the last packet.
  if (probe_seq_) {
    if (find(*probe_seq_) != nullptr) return false;
    probe_seq_.reset();  // gone from the buffer without an ack (a forged ack): forget it
  }
  std::uint32_t size = ledbat_.mss();
  // MTU discovery: one packet at a time of the middle size, while the range is wide.
  const std::uint32_t probe = (mtu_floor_ + mtu_ceiling_) / 2;
  const bool probing = !probe_seq_ && mtu_ceiling_ - mtu_floor_ > 16 && pending >= probe - kPacketOverhead;
  if (probing) size = probe - kPacketOverhead;
  size = static_cast<std::uint32_t>(std::min<std::size_t>(size, pending));
  // Nagle: a part-filled packet waits while anything is in flight.
  if (size < ledbat_.mss() && flight_bytes_ > 0) return false;
  if (flight_bytes_ > 0 && flight_bytes_ + size > send_window()) return false;
  OutPacket p;
  p.seq = seq_nr_++;
  p.type = PacketType::data;
  p.payload.assign(unsent_.begin() + static_cast<std::ptrdiff_t>(unsent_offset_),
                   unsent_.begin() + static_cast<std::ptrdiff_t>(unsent_offset_ + size));
  p.mtu_probe = probing;
  unsent_offset_ += size;
  if (unsent_offset_ == unsent_.size()) {
    unsent_.clear();
    unsent_offset_ = 0;
  } else if (unsent_offset_ > (1u << 16) && unsent_offset_ > unsent_.size() / 2) {
    unsent_.erase(unsent_.begin(), unsent_.begin() + static_cast<std::ptrdiff_t>(unsent_offset_));
    unsent_offset_ = 0;
  }
  if (probing) {
    probe_seq_ = p.seq;
    ++stats_.mtu_probes;
  }
  outbuf_bytes_ += size;
  stats_.payload_sent += size;
  outbuf_.push_back(std::move(p));
  // Not queued: it waits, marked for sending, and nothing else goes before it.
  if (!transmit(outbuf_.back(), now_us)) {
    outbuf_.back().need_resend = true;
    return false;
  }
  return true;
}

bool UtpConnection::transmit(OutPacket& p, std::uint64_t now_us) {
  const std::size_t n = encode(p.type, p.seq, p.payload, now_us);
  if (!sink_->send(std::span(scratch_).first(n))) return false;
  if (p.transmissions > 0) ++stats_.resent;
  ++p.transmissions;
  p.sent_us = now_us;
  if (p.need_resend || p.transmissions == 1) flight_bytes_ += static_cast<std::uint32_t>(p.payload.size());
  p.need_resend = false;
  clear_ack();  // every packet carries our ack
  if (rto_deadline_us_ == 0) rto_deadline_us_ = now_us + rto_us_;
  return true;
}

void UtpConnection::clear_ack() {
  need_ack_ = false;
  ack_due_ = false;
  unacked_packets_ = 0;
}

bool UtpConnection::send_state(std::uint64_t now_us) {
  // A STATE carries the next sequence number and consumes none.
  if (!send_control(PacketType::state, seq_nr_, now_us)) return false;
  clear_ack();
  return true;
}

bool UtpConnection::send_control(PacketType type, std::uint16_t seq, std::uint64_t now_us) {
  const std::size_t n = encode(type, seq, {}, now_us);
  return sink_->send(std::span(scratch_).first(n));
}

std::size_t UtpConnection::encode(PacketType type, std::uint16_t seq, std::span<const std::uint8_t> payload,
                                  std::uint64_t now_us) {
  PacketHeader h;
  h.type = type;
  h.connection_id = type == PacketType::syn ? recv_id_ : send_id_;
  h.timestamp_us = static_cast<std::uint32_t>(now_us);
  h.timestamp_diff_us = reply_micro_;
  h.wnd_size = advertised_window();
  h.seq_nr = seq;
  h.ack_nr = ack_nr_;
  std::array<std::uint8_t, kMaxSackBytesSent> sack{};
  const std::size_t sack_bytes = build_sack(sack);
  const std::size_t size = encoded_size(sack_bytes, payload.size());
  if (scratch_.size() < size) scratch_.resize(size);
  ++stats_.packets_sent;
  last_send_us_ = now_us;
  return encode_packet(h, std::span(sack).first(sack_bytes), payload, scratch_);
}

std::size_t UtpConnection::build_sack(std::span<std::uint8_t> out) const {
  if (reorder_.empty() || eof_received_) return 0;
  std::size_t highest = 0;  // bytes needed, rounded up to 4
  for (const auto& [seq, payload] : reorder_) {
    const std::size_t bit = static_cast<std::uint16_t>(seq - ack_nr_ - 2);
    if (bit >= out.size() * 8) continue;
    out[bit / 8] = static_cast<std::uint8_t>(out[bit / 8] | (1u << (bit % 8)));
    highest = std::max(highest, (bit / 32 + 1) * 4);
  }
  return highest;
}

void UtpConnection::maybe_send_fin(std::uint64_t now_us) {
  if (state_ != ConnectionState::closing || fin_queued_ || unsent_offset_ != unsent_.size()) return;
  if (probe_seq_ && find(*probe_seq_) != nullptr) return;  // its tail may yet come back (on_rto)
  OutPacket fin;
  fin.seq = seq_nr_++;
  fin.type = PacketType::fin;
  fin_queued_ = true;
  outbuf_.push_back(std::move(fin));
  if (!transmit(outbuf_.back(), now_us)) outbuf_.back().need_resend = true;
}

void UtpConnection::on_tick(std::uint64_t now_us) {
  const auto us = [](std::chrono::milliseconds ms) { return static_cast<std::uint64_t>(ms.count()) * 1000; };
  switch (state_) {
    case ConnectionState::closed:
      return;
    case ConnectionState::syn_received:
      if (now_us - started_us_ >= us(settings_.half_open_timeout)) return fail(asio::error::timed_out);
      break;
    case ConnectionState::closing:
      if (now_us - closing_since_us_ >= us(settings_.linger_timeout)) return reset();
      break;
    default:
      break;
  }
  if (now_us - last_receive_us_ >= us(settings_.idle_timeout)) return fail(asio::error::timed_out);
  if (rto_deadline_us_ != 0 && now_us >= rto_deadline_us_) on_rto(now_us);
  if (state_ == ConnectionState::closed) return;
  if (state_ == ConnectionState::connected && now_us - last_send_us_ >= us(settings_.keepalive_interval)) send_state(now_us);
  if (ack_due_) need_ack_ = true;  // a delayed ack waits one tick at most
  flush(now_us);  // a packet the socket's queue refused goes now
}

void UtpConnection::on_rto(std::uint64_t now_us) {
  auto it = std::find_if(outbuf_.begin(), outbuf_.end(), [](const OutPacket& p) { return !p.acked && p.transmissions > 0; });
  if (it == outbuf_.end()) {
    rto_deadline_us_ = 0;
    return;
  }
  const bool window_probe = peer_window_ < ledbat_.mss() && state_ != ConnectionState::syn_sent;
  const std::uint32_t allowed = it->type == PacketType::syn ? settings_.syn_resends : settings_.data_resends;
  if (!window_probe && it->transmissions > allowed) return fail(asio::error::timed_out);
  if (!window_probe) {
    ++stats_.timeouts;
    ledbat_.on_timeout();
    // A SYN is resent at the same pace: libtorrent gives a connect 3 s (utp_connect_timeout),
    // so that a peer without uTP falls back to TCP soon.
    if (state_ != ConnectionState::syn_sent) rto_us_ = std::min(rto_us_ * 2, kMaxRtoUs);
    // Everything out is presumed lost: it goes again as the window reopens.
    for (auto& p : outbuf_) {
      if (p.acked || p.transmissions == 0 || p.need_resend) continue;
      if (p.mtu_probe) {
        mtu_ceiling_ = static_cast<std::uint32_t>(encoded_size(kMaxSackBytesSent, p.payload.size())) - 1;
        ++stats_.mtu_probes_lost;
        probe_seq_.reset();
        p.mtu_probe = false;
        // Nothing was packetized after the probe (packetize()): the bytes past the usual
        // size go back to the send buffer, so the resend fits the path that lost it.
        const std::size_t keep = ledbat_.mss();
        if (&p == &outbuf_.back() && p.payload.size() > keep) {
          const auto tail = static_cast<std::uint32_t>(p.payload.size() - keep);
          unsent_.insert(unsent_.begin() + static_cast<std::ptrdiff_t>(unsent_offset_),
                         p.payload.begin() + static_cast<std::ptrdiff_t>(keep), p.payload.end());
          p.payload.resize(keep);
          outbuf_bytes_ -= std::min(outbuf_bytes_, tail);
          stats_.payload_sent -= tail;
        }
      }
      p.need_resend = true;
    }
    flight_bytes_ = 0;
  }
  rto_deadline_us_ = 0;
  // The oldest goes now whatever the window; the rest as acks open it. need_resend is left
  // set: the timeout took the packet out of the flight, and transmit() counts it back in
  // (clearing it here undercounted the flight by one packet per timeout). If the socket
  // refuses it, it stays marked and flush() tries again.
  transmit(*it, now_us);
  // Probing a shut window is no loss: however often the probe went, it counts as one
  // resend, or the first real timeout after the window opens would fail the connection.
  if (window_probe) it->transmissions = std::min<std::uint32_t>(it->transmissions, 2);
  rto_deadline_us_ = now_us + rto_us_;
}

}  // namespace corrent::transport_utp
