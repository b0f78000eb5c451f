#include "corrent/wire/handshake.hpp"

#include <algorithm>
#include <cstring>

namespace corrent::wire {
namespace {

constexpr std::size_t kReservedOffset = 1 + 19;
constexpr std::size_t kInfoHashOffset = kReservedOffset + 8;
static_assert(kInfoHashOffset + 20 == kHandshakeHeadLength);
static_assert(kHandshakeHeadLength + kPeerIdLength == kHandshakeLength);
static_assert(kProtocolString.size() == 19);

}  // namespace

std::array<std::byte, kHandshakeLength> encode_handshake(const Handshake& h) {
  std::array<std::byte, kHandshakeLength> out{};
  out[0] = static_cast<std::byte>(kProtocolString.size());
  std::memcpy(out.data() + 1, kProtocolString.data(), kProtocolString.size());
  std::memcpy(out.data() + kReservedOffset, h.reserved.bytes.data(), 8);
  std::memcpy(out.data() + kInfoHashOffset, h.info_hash.bytes.data(), 20);
  std::memcpy(out.data() + kHandshakeHeadLength, h.peer_id.bytes.data(), kPeerIdLength);
  return out;
}

ParseResult<HandshakeHead> decode_handshake_head(std::span<const std::byte> bytes) {
  if (bytes.empty()) return parse_fail(errc::truncated, 0);
  if (std::to_integer<std::size_t>(bytes[0]) != kProtocolString.size()) {
    return parse_fail(errc::bad_protocol_length, 0);
  }
  // Check as much of the protocol string as has arrived before reporting truncation, so
  // a non-BitTorrent peer is told apart early.
  const std::size_t have = std::min(bytes.size() - 1, kProtocolString.size());
  for (std::size_t i = 0; i < have; ++i) {
    if (std::to_integer<char>(bytes[1 + i]) != kProtocolString[i]) {
      return parse_fail(errc::bad_protocol_string, 1 + i);
    }
  }
  if (bytes.size() < kHandshakeHeadLength) return parse_fail(errc::truncated, bytes.size());
  HandshakeHead head;
  std::memcpy(head.reserved.bytes.data(), bytes.data() + kReservedOffset, 8);
  std::memcpy(head.info_hash.bytes.data(), bytes.data() + kInfoHashOffset, 20);
  return head;
}

ParseResult<PeerId> decode_peer_id(std::span<const std::byte> bytes) {
  if (bytes.size() < kPeerIdLength) return parse_fail(errc::truncated, bytes.size());
  PeerId id;
  std::memcpy(id.bytes.data(), bytes.data(), kPeerIdLength);
  return id;
}

ParseResult<Handshake> decode_handshake(std::span<const std::byte> bytes) {
  CORRENT_TRY(const HandshakeHead head, decode_handshake_head(bytes));
  if (bytes.size() < kHandshakeLength) return parse_fail(errc::truncated, bytes.size());
  CORRENT_TRY(const PeerId id, decode_peer_id(bytes.subspan(kHandshakeHeadLength)));
  return Handshake{head.reserved, head.info_hash, id};
}

}  // namespace corrent::wire
