// UtpConnection (plugins/transport_utp, BEP 29) driven by arbitrary input: the fuzzer
// plays the peer of one connection, connected, dialling (syn_sent) or answering
// (syn_received), the first byte says which. The rest is a sequence of records, each an
// op byte and its operands:
//   0: a raw datagram (u16 length, bytes), through decode_packet() to on_packet();
//   1: a packet from fields (type, seq and ack relative to the connection's, window,
//      delay, selective ack, payload length), encoded and decoded the same way;
//   2: time passes (u16, 50 us units) and on_tick();
//   3: the application writes (u8, 97-byte units); 4: it reads (u8, 256-byte units);
//   5: close(); 6: reset(); 7: send_syn().
// After every record the bounds hold: what is buffered for reading stays within the
// receive buffer, the flight within the send buffer, and a closed connection stays closed.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>
#include <vector>

#include "utp_connection.hpp"
#include "utp_packet.hpp"

namespace {

namespace utp = corrent::transport_utp;

constexpr std::uint16_t kOurSeq = 30000;   // the fuzzed connection's first sequence number
constexpr std::uint16_t kPeerSeq = 1000;   // its peer's

struct NullSink final : utp::PacketSink {
  std::vector<std::vector<std::uint8_t>> sent;
  bool keep = false;
  bool send(std::span<const std::uint8_t> packet) override {
    if (keep) sent.emplace_back(packet.begin(), packet.end());
    return true;
  }
};

class Input {
 public:
  explicit Input(std::span<const std::uint8_t> data) : data_(data) {}
  [[nodiscard]] bool empty() const { return data_.empty(); }
  std::uint8_t u8() {
    if (data_.empty()) return 0;
    const std::uint8_t v = data_[0];
    data_ = data_.subspan(1);
    return v;
  }
  std::uint16_t u16() { return static_cast<std::uint16_t>(u8() | (u8() << 8)); }
  std::span<const std::uint8_t> bytes(std::size_t n) {
    n = std::min(n, data_.size());
    auto out = data_.first(n);
    data_ = data_.subspan(n);
    return out;
  }

 private:
  std::span<const std::uint8_t> data_;
};

utp::ConnectionSettings settings() {
  utp::ConnectionSettings s;
  s.receive_buffer_bytes = 64 * 1024;
  s.send_buffer_bytes = 64 * 1024;
  s.ledbat.max_cwnd_bytes = 256 * 1024;
  return s;
}

std::vector<std::uint8_t> one_packet(NullSink& sink) {
  if (sink.sent.empty()) std::abort();
  auto out = std::move(sink.sent.front());
  sink.sent.clear();
  return out;
}

/// The fuzzed connection in the state `which` picks, its peer's next sequence number
/// (peer_next) known.
std::optional<utp::UtpConnection> make(int which, NullSink& sink, std::uint64_t now, std::uint16_t& peer_next) {
  const auto s = settings();
  NullSink peer_sink;
  peer_sink.keep = true;
  if (which == 1) {  // we dial
    utp::UtpConnection c(s, sink, 500, kOurSeq, now);
    c.send_syn(now);
    peer_next = kPeerSeq;
    return std::optional<utp::UtpConnection>(std::move(c));
  }
  // They dial: a real dialler's SYN.
  utp::UtpConnection peer(s, peer_sink, 500, kPeerSeq, now);
  peer.send_syn(now);
  const auto syn_bytes = one_packet(peer_sink);
  const auto syn = utp::decode_packet(syn_bytes);
  if (!syn) std::abort();
  sink.keep = true;
  std::optional<utp::UtpConnection> c(utp::UtpConnection::accept(s, sink, *syn, kOurSeq, now));
  const auto state_bytes = one_packet(sink);
  sink.keep = false;
  peer_next = static_cast<std::uint16_t>(kPeerSeq + 1);
  if (which == 2) return c;  // syn_received
  // Connected: the dialler's STATE handling and first data packet, as on a real path.
  const auto state = utp::decode_packet(state_bytes);
  if (!state) std::abort();
  peer.on_packet(*state, now + 1000);
  const std::array<std::uint8_t, 1> one{1};
  if (peer.write(one, now + 1000) != 1) std::abort();
  const auto data_bytes = one_packet(peer_sink);
  const auto data = utp::decode_packet(data_bytes);
  if (!data) std::abort();
  c->on_packet(*data, now + 2000);
  if (c->state() != utp::ConnectionState::connected) std::abort();
  peer_next = static_cast<std::uint16_t>(kPeerSeq + 2);
  return c;
}

void feed(utp::UtpConnection& c, std::span<const std::uint8_t> bytes, std::uint64_t now) {
  const auto p = utp::decode_packet(bytes);
  if (p) c.on_packet(*p, now);
}

void structured(utp::UtpConnection& c, Input& in, std::uint16_t peer_next, std::uint64_t now) {
  static const std::vector<std::uint8_t> kPayload(1500, 0xab);
  utp::PacketHeader h;
  h.type = static_cast<utp::PacketType>(in.u8() % 5);
  h.connection_id = c.recv_id();
  h.seq_nr = static_cast<std::uint16_t>(peer_next + static_cast<std::int16_t>(in.u16()));
  h.ack_nr = static_cast<std::uint16_t>(kOurSeq - 1 + static_cast<std::int16_t>(in.u16()));
  const std::uint8_t wnd = in.u8();
  h.wnd_size = wnd == 0xff ? 0xffff'ffffu : std::uint32_t{wnd} << 10;
  h.timestamp_us = static_cast<std::uint32_t>(now - 20'000);
  h.timestamp_diff_us = std::uint32_t{in.u16()} * 16;
  const std::size_t sack_len = std::size_t{in.u8()} % 9 * 4;  // 0..32
  std::array<std::uint8_t, 32> sack{};
  const auto sack_in = in.bytes(sack_len);
  std::copy(sack_in.begin(), sack_in.end(), sack.begin());
  const std::size_t payload = in.u16() % 1500;
  std::vector<std::uint8_t> out(utp::encoded_size(sack_len, payload));
  if (utp::encode_packet(h, std::span(sack).first(sack_len), std::span(kPayload).first(payload), out) != out.size()) {
    std::abort();
  }
  feed(c, out, now);
}

void check(const utp::UtpConnection& c, bool was_closed) {
  const auto s = settings();
  if (c.receive_buffered() > s.receive_buffer_bytes) std::abort();
  if (c.readable() > s.receive_buffer_bytes) std::abort();
  if (c.flight_bytes() > s.send_buffer_bytes) std::abort();
  if (c.writable() > s.send_buffer_bytes) std::abort();
  if (was_closed && !c.finished()) std::abort();
  if (c.packet_payload() > s.packet_size_ceiling) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Input in(std::span(data, size));
  std::uint64_t now = 1'000'000;
  NullSink sink;
  std::uint16_t peer_next = 0;
  auto c = make(in.u8() % 3, sink, now, peer_next);
  static const std::vector<std::uint8_t> kWrite(255 * 97, 0x5a);
  std::array<std::uint8_t, 255 * 256> read_buf{};
  now += 3000;
  for (int records = 0; !in.empty() && records < 4096; ++records) {
    const bool was_closed = c->finished();
    switch (in.u8() % 8) {
      case 0: {
        const std::size_t n = in.u16() % 1600;
        feed(*c, in.bytes(n), now);
        break;
      }
      case 1:
        structured(*c, in, peer_next, now);
        break;
      case 2:
        now += std::uint64_t{in.u16()} * 50;
        c->on_tick(now);
        break;
      case 3:
        c->write(std::span(kWrite).first(std::size_t{in.u8()} * 97), now);
        break;
      case 4:
        c->read(std::span(read_buf).first(std::size_t{in.u8()} * 256), now);
        break;
      case 5:
        c->close(now);
        break;
      case 6:
        c->reset();
        break;
      default:
        c->send_syn(now);
        break;
    }
    check(*c, was_closed);
  }
  return 0;
}
