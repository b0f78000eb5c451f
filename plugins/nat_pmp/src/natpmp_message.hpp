#pragma once
// The NAT-PMP codec (RFC 6886), sans I/O: the two requests we send (external address,
// opcode 0; map UDP/TCP, opcodes 1/2) and a strict decoder of the replies (version 0,
// opcode 128 + n). A reply must have its exact size: 12 bytes for the address, 16 for a
// mapping, or only the 8-byte header when the result code is an error (§3.5, the
// "Unsupported Version" reply a NAT-PMP server sends to a PCP request among them).

#include <array>
#include <cstdint>
#include <span>

#include "corrent/core/result.hpp"
#include "nat_pmp_limits.hpp"

namespace corrent::nat_pmp {

/// The transport protocol of a mapping, as IANA numbers it (PCP uses the numbers).
enum class IpProtocol : std::uint8_t { tcp = 6, udp = 17 };

/// NAT-PMP opcodes (RFC 6886 §3.2, §3.3); a reply's opcode is 128 + the request's.
inline constexpr std::uint8_t kNatPmpOpAddress = 0;
inline constexpr std::uint8_t kNatPmpOpMapUdp = 1;
inline constexpr std::uint8_t kNatPmpOpMapTcp = 2;
inline constexpr std::uint8_t kNatPmpResponseBit = 128;

/// The opcode that maps `protocol`.
constexpr std::uint8_t natpmp_map_opcode(IpProtocol protocol) {
  return protocol == IpProtocol::udp ? kNatPmpOpMapUdp : kNatPmpOpMapTcp;
}

/// A mapping request. Lifetime 0 with suggested port 0 deletes the mapping (§3.4).
struct NatPmpMapRequest {
  IpProtocol protocol = IpProtocol::tcp;
  std::uint16_t internal_port = 0;
  std::uint16_t suggested_external_port = 0;
  std::uint32_t lifetime = 0;  ///< seconds
};

/// A decoded reply. Fields a reply's kind does not carry stay zero.
struct NatPmpReply {
  std::uint8_t opcode = 0;   ///< the request's opcode (the reply's minus 128)
  std::uint16_t result = 0;  ///< 0 success; natpmp_result_error() names the others
  std::uint32_t epoch = 0;   ///< seconds since the server's start of epoch
  bool header_only = false;  ///< an 8-byte error reply
  std::array<std::uint8_t, 4> external_address{};  ///< opcode 0
  std::uint16_t internal_port = 0;                 ///< opcodes 1, 2
  std::uint16_t external_port = 0;                 ///< opcodes 1, 2
  std::uint32_t lifetime = 0;                      ///< opcodes 1, 2; seconds
};

std::array<std::uint8_t, kNatPmpAddressRequestSize> encode_natpmp_address_request();
std::array<std::uint8_t, kNatPmpMapRequestSize> encode_natpmp_map_request(const NatPmpMapRequest& request);

/// Decodes a reply. Errors (nat_pmp::errc, at the offending byte): too_short, too_long,
/// wrong_version, not_a_response, wrong_opcode, truncated (a 8-byte reply saying success).
ParseResult<NatPmpReply> parse_natpmp_reply(std::span<const std::uint8_t> bytes);

/// Whether `reply` answers `request`: the mapping opcode of its protocol and, unless it is
/// a header-only error, its internal port. Error: request_mismatch.
Result<void> match_natpmp_map(const NatPmpReply& reply, const NatPmpMapRequest& request);

}  // namespace corrent::nat_pmp
