// UtpConnection, receiving: acks (cumulative and selective), data into order, FIN, RESET.
#include <algorithm>
#include <asio/error.hpp>
#include "utp_connection.hpp"

namespace corrent::transport_utp {

namespace {
bool seq_at_or_before(std::uint16_t a, std::uint16_t b) { return a == b || seq_before(a, b); }
}  // namespace

void UtpConnection::on_packet(const Packet& packet, std::uint64_t now_us, bool in_burst) {
  if (state_ == ConnectionState::closed) return;
  in_burst_ = in_burst;
  take_packet(packet, now_us);
  in_burst_ = false;
}

void UtpConnection::flush_ack(std::uint64_t now_us) {
  if (need_ack_ && state_ != ConnectionState::closed) send_state(now_us);
}

void UtpConnection::take_packet(const Packet& packet, std::uint64_t now_us) {
  const auto& h = packet.header;
  ++stats_.packets_received;
  if (h.type == PacketType::reset) {
    fail(state_ == ConnectionState::syn_sent ? asio::error::connection_refused : asio::error::connection_reset);
    return;
  }
  if (h.type == PacketType::syn) {
    on_syn(packet, now_us);
    return;
  }
  // An ack of a packet we never sent is a confused or forged peer: drop the packet.
  const auto last_sent = static_cast<std::uint16_t>(seq_nr_ - 1);
  if (seq_before(last_sent, h.ack_nr) && !(state_ == ConnectionState::syn_sent && h.type == PacketType::state)) {
    ++stats_.bad_acks;
    return;
  }
  last_receive_us_ = now_us;
  if (h.timestamp_us != 0) reply_micro_ = static_cast<std::uint32_t>(now_us) - h.timestamp_us;
  peer_window_ = h.wnd_size;
  if (state_ == ConnectionState::syn_sent) {
    if (h.type != PacketType::state || h.ack_nr != last_sent) return;
    // Their STATE's seq_nr is their first data packet's.
    ack_nr_ = static_cast<std::uint16_t>(h.seq_nr - 1);
    state_ = ConnectionState::connected;
  } else if (state_ == ConnectionState::syn_received) {
    state_ = ConnectionState::connected;
  }
  take_ack(packet, now_us);
  if (state_ == ConnectionState::closed) return;
  if (h.type == PacketType::data) take_data(packet, now_us);
  if (h.type == PacketType::fin) take_fin(h.seq_nr);
  // Closed once both FINs are through: ours acked, theirs received. Until then a closing
  // side still acks (the peer may still be sending, and its FIN needs our ack), and the
  // flush below acks their FIN before we go.
  if (state_ == ConnectionState::closing && fin_acked_ && eof_received_) {
    flush(now_us);
    if (need_ack_) send_state(now_us);  // held back in a burst: there is no later now
    state_ = ConnectionState::closed;
    return;
  }
  flush(now_us);
}

void UtpConnection::on_syn(const Packet& packet, std::uint64_t now_us) {
  // Our STATE was lost and the dialler tries again: answer again. Anything else (a SYN
  // with another sequence number) is not this connection's business.
  if (state_ == ConnectionState::syn_received && packet.header.seq_nr == ack_nr_) {
    last_receive_us_ = now_us;
    send_state(now_us);
  }
}

void UtpConnection::take_ack(const Packet& packet, std::uint64_t now_us) {
  const auto& h = packet.header;
  if (h.timestamp_diff_us != 0 && state_ != ConnectionState::syn_sent) ledbat_.on_delay_sample(h.timestamp_diff_us, now_us);
  const std::uint32_t flight_before = flight_bytes_;
  std::uint32_t acked = 0;
  bool progress = false;
  while (!outbuf_.empty() && seq_at_or_before(outbuf_.front().seq, h.ack_nr)) {
    auto& p = outbuf_.front();
    if (!p.acked && p.transmissions > 0) {
      acked += ack_packet(p, now_us);
      progress = true;
    }
    outbuf_.pop_front();
  }
  for (std::size_t i = 0; i < packet.sack.size() * 8; ++i) {
    if ((packet.sack[i / 8] & (1u << (i % 8))) == 0) continue;
    if (auto* p = find(static_cast<std::uint16_t>(h.ack_nr + 2 + i))) acked += ack_packet(*p, now_us);
  }
  if (progress) {
    duplicate_acks_ = 0;
  } else if (h.type == PacketType::state && !outbuf_.empty() && outbuf_.front().transmissions > 0) {
    // The same ack again, while our next packet is out: after three, it is lost.
    if (++duplicate_acks_ == kDuplicateAckThreshold) fast_retransmit(outbuf_.front().seq, now_us);
  }
  if (acked > 0) ledbat_.on_ack(acked, flight_before);
  if (!packet.sack.empty()) take_sack(packet, now_us);
  drop_acked_front();
  if (acked > 0) rto_deadline_us_ = outbuf_.empty() ? 0 : now_us + rto_us_;
}

void UtpConnection::take_sack(const Packet& packet, std::uint64_t now_us) {
  // A packet with kDuplicateAckThreshold packets selectively acked after it is lost.
  std::uint32_t acked_after = 0;
  const std::size_t bits = std::min(packet.sack.size() * 8, outbuf_.size());
  for (std::size_t i = bits; i-- > 0;) {
    const auto seq = static_cast<std::uint16_t>(packet.header.ack_nr + 2 + i);
    if ((packet.sack[i / 8] & (1u << (i % 8))) != 0) {
      ++acked_after;
      continue;
    }
    if (acked_after >= kDuplicateAckThreshold) fast_retransmit(seq, now_us);
  }
  // ack_nr + 1 is missing by definition.
  if (acked_after >= kDuplicateAckThreshold) fast_retransmit(static_cast<std::uint16_t>(packet.header.ack_nr + 1), now_us);
}

std::uint32_t UtpConnection::ack_packet(OutPacket& p, std::uint64_t now_us) {
  if (p.acked || p.transmissions == 0) return 0;
  p.acked = true;
  const auto size = static_cast<std::uint32_t>(p.payload.size());
  if (!p.need_resend) flight_bytes_ -= std::min(flight_bytes_, size);
  outbuf_bytes_ -= std::min(outbuf_bytes_, size);
  // Karn: only a packet sent once times the round trip.
  if (p.transmissions == 1) update_rtt(static_cast<std::uint32_t>(std::min<std::uint64_t>(now_us - p.sent_us, kMaxRtoUs)));
  if (p.mtu_probe) {
    mtu_floor_ = static_cast<std::uint32_t>(encoded_size(kMaxSackBytesSent, p.payload.size()));
    ledbat_.set_mss(mtu_floor_ - kPacketOverhead);
    probe_seq_.reset();
  }
  if (p.type == PacketType::fin) fin_acked_ = true;
  return size;
}

void UtpConnection::fast_retransmit(std::uint16_t seq, std::uint64_t now_us) {
  auto* p = find(seq);
  if (p == nullptr || p->acked || p->transmissions == 0 || p->need_resend) return;
  // Once per round trip for one packet: a resend is not lost before it could be acked.
  // A packet already resent waits a whole timeout: the selective acks of packets sent
  // just before the resend arrive about one round trip after it, and one srtt was too
  // short a wait to tell them from a lost resend (a spurious second resend each loss).
  const std::uint64_t wait = p->transmissions > 1 ? rto_us_ : std::max<std::uint32_t>(srtt_us_, 1000);
  if (now_us - p->sent_us < wait) return;
  // A lost MTU probe is most likely too big for the path: sent again as it is, it would be
  // lost again. on_rto() lowers the ceiling and cuts it to the usual size first.
  if (p->mtu_probe) return;
  if (seq_before(loss_seq_, seq)) {
    ledbat_.on_loss();
    loss_seq_ = static_cast<std::uint16_t>(seq_nr_ - 1);
  }
  ++stats_.fast_retransmits;
  p->need_resend = true;
  flight_bytes_ -= std::min<std::uint32_t>(flight_bytes_, static_cast<std::uint32_t>(p->payload.size()));
  // It goes now, whatever the window (TCP's fast retransmit, libtorrent's too): packets
  // received past the selective ack's reach still count in the flight, which can stay
  // above a halved window until this very packet fills the hole; waiting for room in
  // flush() stalled the connection until the retransmission timer.
  transmit(*p, now_us);
}

void UtpConnection::update_rtt(std::uint32_t sample_us) {
  // RFC 6298, section 2.
  if (srtt_us_ == 0) {
    srtt_us_ = std::max<std::uint32_t>(sample_us, 1);
    rttvar_us_ = sample_us / 2;
  } else {
    const std::uint32_t diff = sample_us > srtt_us_ ? sample_us - srtt_us_ : srtt_us_ - sample_us;
    rttvar_us_ = (3 * rttvar_us_ + diff) / 4;
    srtt_us_ = (7 * srtt_us_ + sample_us) / 8;
  }
  rto_us_ = std::clamp(srtt_us_ + 4 * rttvar_us_, kMinRtoUs, kMaxRtoUs);
}

void UtpConnection::take_data(const Packet& packet, std::uint64_t now_us) {
  (void)now_us;
  const auto seq = packet.header.seq_nr;
  const bool ack_was_needed = need_ack_;
  need_ack_ = true;
  if (peer_fin_seq_ && !seq_before(seq, *peer_fin_seq_)) return;  // past their end
  if (seq_at_or_before(seq, ack_nr_)) {
    ++stats_.duplicates_received;
    return;
  }
  const auto distance = static_cast<std::uint16_t>(seq - ack_nr_);
  const std::size_t room = settings_.receive_buffer_bytes - std::min<std::size_t>(settings_.receive_buffer_bytes, receive_buffered());
  if (distance >= kMaxReorderDistance || packet.payload.size() > room) {
    ++stats_.out_of_window;
    window_was_shut_ = true;
    return;
  }
  if (distance != 1) {
    if (reorder_.contains(seq)) {
      ++stats_.duplicates_received;
      return;
    }
    reorder_bytes_ += packet.payload.size();
    reorder_.emplace(seq, std::vector<std::uint8_t>(packet.payload.begin(), packet.payload.end()));
    return;
  }
  deliver(packet.payload);
  ack_nr_ = seq;
  while (!reorder_.empty()) {
    const auto next = static_cast<std::uint16_t>(ack_nr_ + 1);
    auto it = reorder_.find(next);
    if (it == reorder_.end()) break;
    reorder_bytes_ -= it->second.size();
    deliver(it->second);
    reorder_.erase(it);
    ack_nr_ = next;
  }
  if (peer_fin_seq_ && *peer_fin_seq_ == static_cast<std::uint16_t>(ack_nr_ + 1)) take_fin(*peer_fin_seq_);
  if (advertised_window() < ledbat_.mss()) window_was_shut_ = true;
  // Delayed ack: in-order data with nothing missing is acked every kDelayedAckPackets
  // packets (or at the next tick); a hole, a FIN or a shutting window is acked at once.
  if (reorder_.empty() && !eof_received_ && !window_was_shut_ && ++unacked_packets_ < kDelayedAckPackets) {
    need_ack_ = ack_was_needed;
    ack_due_ = true;
  }
}

void UtpConnection::deliver(std::span<const std::uint8_t> payload) {
  stats_.payload_received += payload.size();
  if (state_ == ConnectionState::closing) return;  // nobody reads any more
  ready_.insert(ready_.end(), payload.begin(), payload.end());
}

void UtpConnection::take_fin(std::uint16_t seq) {
  need_ack_ = true;
  if (!peer_fin_seq_) peer_fin_seq_ = seq;
  if (eof_received_ || seq != static_cast<std::uint16_t>(ack_nr_ + 1)) return;
  // Every packet before the FIN is here: the FIN itself is in order now.
  ack_nr_ = seq;
  eof_received_ = true;
  // Packets past it that came early are not part of the stream.
  reorder_.clear();
  reorder_bytes_ = 0;
}

}  // namespace corrent::transport_utp
