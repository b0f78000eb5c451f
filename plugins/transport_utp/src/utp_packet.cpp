#include "utp_packet.hpp"

#include <algorithm>
#include <string>

#include "utp_limits.hpp"

namespace corrent::transport_utp {

namespace {

class PacketCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "utp_packet"; }
  [[nodiscard]] std::string message(int value) const override {
    switch (static_cast<PacketErrc>(value)) {
      case PacketErrc::too_short: return "utp_packet: datagram shorter than the 20-byte header";
      case PacketErrc::bad_version: return "utp_packet: not uTP version 1";
      case PacketErrc::bad_type: return "utp_packet: unknown packet type";
      case PacketErrc::truncated_extension: return "utp_packet: extension runs past the datagram";
      case PacketErrc::bad_sack_length:
        return "utp_packet: selective ack empty, not a multiple of 4 bytes, or too long";
      case PacketErrc::too_many_extensions: return "utp_packet: too many extensions";
    }
    return "utp_packet: unknown error";
  }
};

// Big-endian reads and writes; callers check bounds first.
std::uint16_t load16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
std::uint32_t load32(std::span<const std::uint8_t> b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) |
         std::uint32_t{b[at + 3]};
}
void store16(std::span<std::uint8_t> b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}
void store32(std::span<std::uint8_t> b, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

constexpr std::uint8_t kMaxType = static_cast<std::uint8_t>(PacketType::syn);

// BEP 29 asks for a multiple of 4 bytes, but libtorrent sends the bytes it needs (1, 2,
// ...): any length up to kMaxSackBytes is read; what we send is a multiple of 4.
bool valid_sack_length(std::size_t n) { return n != 0 && n <= kMaxSackBytes; }
bool valid_sent_sack_length(std::size_t n) { return valid_sack_length(n) && n % 4 == 0; }

PacketHeader read_header(std::span<const std::uint8_t> b) {
  PacketHeader h;
  h.type = static_cast<PacketType>(b[0] >> 4);
  h.connection_id = load16(b, 2);
  h.timestamp_us = load32(b, 4);
  h.timestamp_diff_us = load32(b, 8);
  h.wnd_size = load32(b, 12);
  h.seq_nr = load16(b, 16);
  h.ack_nr = load16(b, 18);
  return h;
}

// Walks the extension chain from `first` at kHeaderSize; sets packet.sack and returns the
// offset of the payload.
Result<std::size_t> read_extensions(std::span<const std::uint8_t> b, std::uint8_t first, Packet& packet) {
  std::size_t at = kHeaderSize;
  std::size_t count = 0;
  for (std::uint8_t type = first; type != 0;) {
    if (++count > kMaxExtensions) return fail(PacketErrc::too_many_extensions);
    if (b.size() - at < 2) return fail(PacketErrc::truncated_extension);
    const std::uint8_t next = b[at];
    const std::size_t length = b[at + 1];
    at += 2;
    if (b.size() - at < length) return fail(PacketErrc::truncated_extension);
    if (type == kExtensionSelectiveAck) {
      if (!valid_sack_length(length)) return fail(PacketErrc::bad_sack_length);
      packet.sack = b.subspan(at, length);
    }
    at += length;
    type = next;
  }
  return at;
}

}  // namespace

const std::error_category& packet_category() noexcept {
  static const PacketCategory category;
  return category;
}

std::error_code make_error_code(PacketErrc e) noexcept { return {static_cast<int>(e), packet_category()}; }

Result<Packet> decode_packet(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kHeaderSize) return fail(PacketErrc::too_short);
  if ((bytes[0] & 0x0f) != kUtpVersion) return fail(PacketErrc::bad_version);
  if ((bytes[0] >> 4) > kMaxType) return fail(PacketErrc::bad_type);
  Packet packet;
  packet.header = read_header(bytes);
  return read_extensions(bytes, bytes[1], packet).map([&](std::size_t payload_at) {
    packet.payload = bytes.subspan(payload_at);
    return packet;
  });
}

bool looks_like_utp(std::span<const std::uint8_t> bytes) noexcept {
  return bytes.size() >= kHeaderSize && (bytes[0] & 0x0f) == kUtpVersion && (bytes[0] >> 4) <= kMaxType;
}

std::size_t encode_packet(const PacketHeader& header, std::span<const std::uint8_t> sack,
                          std::span<const std::uint8_t> payload, std::span<std::uint8_t> out) noexcept {
  if (!sack.empty() && !valid_sent_sack_length(sack.size())) return 0;
  const std::size_t size = encoded_size(sack.size(), payload.size());
  if (out.size() < size) return 0;
  out[0] = static_cast<std::uint8_t>((static_cast<std::uint8_t>(header.type) << 4) | kUtpVersion);
  out[1] = sack.empty() ? 0 : kExtensionSelectiveAck;
  store16(out, 2, header.connection_id);
  store32(out, 4, header.timestamp_us);
  store32(out, 8, header.timestamp_diff_us);
  store32(out, 12, header.wnd_size);
  store16(out, 16, header.seq_nr);
  store16(out, 18, header.ack_nr);
  std::size_t at = kHeaderSize;
  if (!sack.empty()) {
    out[at] = 0;  // no further extension
    out[at + 1] = static_cast<std::uint8_t>(sack.size());
    std::copy(sack.begin(), sack.end(), out.begin() + static_cast<std::ptrdiff_t>(at + 2));
    at += 2 + sack.size();
  }
  std::copy(payload.begin(), payload.end(), out.begin() + static_cast<std::ptrdiff_t>(at));
  return size;
}

}  // namespace corrent::transport_utp
