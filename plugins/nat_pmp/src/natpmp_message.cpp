#include "natpmp_message.hpp"

#include "byte_order.hpp"
#include "nat_pmp_errc.hpp"

namespace corrent::nat_pmp {

using detail::load16;
using detail::load32;

std::array<std::uint8_t, kNatPmpAddressRequestSize> encode_natpmp_address_request() {
  return {0, kNatPmpOpAddress};
}

std::array<std::uint8_t, kNatPmpMapRequestSize> encode_natpmp_map_request(const NatPmpMapRequest& request) {
  std::array<std::uint8_t, kNatPmpMapRequestSize> out{};
  out[0] = 0;  // version
  out[1] = natpmp_map_opcode(request.protocol);
  // out[2..3] reserved, zero
  detail::store16(out, 4, request.internal_port);
  detail::store16(out, 6, request.suggested_external_port);
  detail::store32(out, 8, request.lifetime);
  return out;
}

ParseResult<NatPmpReply> parse_natpmp_reply(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kNatPmpHeaderSize) return parse_fail(errc::too_short, bytes.size());
  if (bytes.size() > kNatPmpMapReplySize) return parse_fail(errc::too_long, kNatPmpMapReplySize);
  if (bytes[0] != 0) return parse_fail(errc::wrong_version, 0);
  if (bytes[1] < kNatPmpResponseBit) return parse_fail(errc::not_a_response, 1);
  NatPmpReply reply;
  reply.opcode = static_cast<std::uint8_t>(bytes[1] - kNatPmpResponseBit);
  if (reply.opcode > kNatPmpOpMapTcp) return parse_fail(errc::wrong_opcode, 1);
  reply.result = load16(bytes, 2);
  reply.epoch = load32(bytes, 4);
  const std::size_t full = reply.opcode == kNatPmpOpAddress ? kNatPmpAddressReplySize : kNatPmpMapReplySize;
  if (bytes.size() == kNatPmpHeaderSize) {
    // Only an error may leave out the payload (§3.5).
    if (reply.result == 0) return parse_fail(errc::truncated, bytes.size());
    reply.header_only = true;
    return reply;
  }
  if (bytes.size() < full) return parse_fail(errc::too_short, bytes.size());
  if (bytes.size() > full) return parse_fail(errc::too_long, full);
  if (reply.opcode == kNatPmpOpAddress) {
    for (std::size_t i = 0; i < 4; ++i) reply.external_address[i] = bytes[8 + i];
  } else {
    reply.internal_port = load16(bytes, 8);
    reply.external_port = load16(bytes, 10);
    reply.lifetime = load32(bytes, 12);
  }
  return reply;
}

Result<void> match_natpmp_map(const NatPmpReply& reply, const NatPmpMapRequest& request) {
  if (reply.opcode != natpmp_map_opcode(request.protocol)) return fail(errc::request_mismatch);
  if (!reply.header_only && reply.internal_port != request.internal_port) return fail(errc::request_mismatch);
  return {};
}

}  // namespace corrent::nat_pmp
