#pragma once
// The uTP packet (BEP 29): a 20-byte header, a chain of extensions (1: selective ack) and
// the payload. Sans-I/O: decode_packet() borrows its input, encode_packet() writes into a
// caller's buffer. The fuzz target tests/fuzz/utp_packet.cpp feeds decode_packet().
//
//   0       4       8               16              24              32
//   | type  | ver   | extension     | connection_id                 |
//   | timestamp_microseconds                                        |
//   | timestamp_difference_microseconds                             |
//   | wnd_size                                                      |
//   | seq_nr                        | ack_nr                        |
#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>
#include "corrent/core/result.hpp"

namespace corrent::transport_utp {

enum class PacketType : std::uint8_t { data = 0, fin = 1, state = 2, reset = 3, syn = 4 };

inline constexpr std::uint8_t kUtpVersion = 1;
inline constexpr std::size_t kHeaderSize = 20;
inline constexpr std::uint8_t kExtensionSelectiveAck = 1;

struct PacketHeader {
  PacketType type = PacketType::data;
  std::uint16_t connection_id = 0;
  std::uint32_t timestamp_us = 0;       ///< the sender's clock, microseconds, wrapping
  std::uint32_t timestamp_diff_us = 0;  ///< the sender's clock minus our last timestamp
  std::uint32_t wnd_size = 0;           ///< bytes the sender can still receive
  std::uint16_t seq_nr = 0;
  std::uint16_t ack_nr = 0;
  friend bool operator==(const PacketHeader&, const PacketHeader&) = default;
};

/// A decoded packet; its spans point into the decoded bytes.
struct Packet {
  PacketHeader header;
  /// The selective ack bitmask (1 to kMaxSackBytes bytes: BEP 29 asks for a multiple of 4,
  /// libtorrent sends what it needs), empty when
  /// the packet has none. Bit i (byte i / 8, bit 1 << (i % 8)) says ack_nr + 2 + i arrived.
  std::span<const std::uint8_t> sack;
  std::span<const std::uint8_t> payload;
};

enum class PacketErrc {
  too_short = 1,            ///< fewer than kHeaderSize bytes
  bad_version,              ///< not version 1
  bad_type,                 ///< a type above syn (4)
  truncated_extension,      ///< an extension runs past the datagram
  bad_sack_length,          ///< a selective ack of 0 bytes or more than kMaxSackBytes
  too_many_extensions,      ///< more than kMaxExtensions in the chain
};
[[nodiscard]] const std::error_category& packet_category() noexcept;
[[nodiscard]] std::error_code make_error_code(PacketErrc e) noexcept;

/// Decodes one datagram. Unknown extensions are skipped (libtorrent sends 2, a close
/// reason); a second selective ack replaces the first.
[[nodiscard]] Result<Packet> decode_packet(std::span<const std::uint8_t> bytes);

/// A cheap test for the shared UDP socket's demultiplexer: at least kHeaderSize bytes,
/// version 1 and a known type. DHT messages start with 'd' (0x64) and UDP tracker replies
/// with 0x00, so neither passes.
[[nodiscard]] bool looks_like_utp(std::span<const std::uint8_t> bytes) noexcept;

/// Bytes encode_packet() writes for a selective ack of `sack_bytes` and a payload of
/// `payload_bytes` (the header, the extension and the payload).
[[nodiscard]] constexpr std::size_t encoded_size(std::size_t sack_bytes, std::size_t payload_bytes) noexcept {
  return kHeaderSize + (sack_bytes == 0 ? 0 : 2 + sack_bytes) + payload_bytes;
}

/// Writes header, selective ack (none when `sack` is empty; else a multiple of 4 bytes,
/// at most kMaxSackBytes) and payload into `out`, which must hold encoded_size() bytes.
/// Returns the bytes written: 0, with nothing written, when `out` is too small or the
/// selective ack has a length decode_packet() would refuse.
std::size_t encode_packet(const PacketHeader& header, std::span<const std::uint8_t> sack,
                          std::span<const std::uint8_t> payload, std::span<std::uint8_t> out) noexcept;

/// Sequence numbers wrap at 2^16: a is before b when (b - a) mod 2^16 is in (0, 2^15).
[[nodiscard]] constexpr bool seq_before(std::uint16_t a, std::uint16_t b) noexcept {
  return a != b && static_cast<std::uint16_t>(b - a) < 0x8000;
}

}  // namespace corrent::transport_utp

namespace std {
template <>
struct is_error_code_enum<corrent::transport_utp::PacketErrc> : true_type {};
}  // namespace std
