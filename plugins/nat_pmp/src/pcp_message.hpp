#pragma once
// The PCP codec (RFC 6887), sans I/O: the MAP request we send (version 2, opcode MAP,
// our client address and the suggested external address as IPv4-mapped IPv6) and a
// strict, bounded decoder of responses (R bit set, at most 1100 bytes, a multiple of 4,
// options skipped within bounds). An error response may be the 24-byte header alone
// (§7.2: UNSUPP_VERSION among them); a success must carry the MAP payload.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "corrent/core/result.hpp"
#include "nat_pmp_limits.hpp"
#include "natpmp_message.hpp"

namespace corrent::nat_pmp {

inline constexpr std::uint8_t kPcpVersion = 2;
inline constexpr std::uint8_t kPcpOpMap = 1;
inline constexpr std::uint8_t kPcpResponseBit = 0x80;
/// The result code telling the client to use another version (RFC 6887 §7.4, §9).
inline constexpr std::uint8_t kPcpUnsuppVersion = 1;

/// The 96-bit mapping nonce that ties a response (and later renewals) to a mapping.
using PcpNonce = std::array<std::uint8_t, 12>;
/// An IPv6 address, or an IPv4 one mapped into IPv6 (::ffff:a.b.c.d).
using Ip6Bytes = std::array<std::uint8_t, 16>;

/// ::ffff:a.b.c.d. Of 0.0.0.0 it is PCP's "no preference, but IPv4" (§11.1).
Ip6Bytes v4_mapped(const std::array<std::uint8_t, 4>& v4);
/// The IPv4 address of an IPv4-mapped one, nullopt for other IPv6 addresses.
std::optional<std::array<std::uint8_t, 4>> unmap_v4(const Ip6Bytes& address);

/// A MAP request. Lifetime 0 deletes the mapping of the nonce (§15).
struct PcpMapRequest {
  PcpNonce nonce{};
  IpProtocol protocol = IpProtocol::tcp;
  std::uint16_t internal_port = 0;
  std::uint16_t suggested_external_port = 0;
  Ip6Bytes suggested_external_address{};
  Ip6Bytes client_address{};  ///< our address as we send from it
  std::uint32_t lifetime = 0;  ///< seconds
};

/// A decoded response.
struct PcpResponse {
  std::uint8_t version = kPcpVersion;
  std::uint8_t opcode = 0;  ///< without the R bit
  std::uint8_t result = 0;  ///< 0 success; pcp_result_error() names the others
  std::uint32_t lifetime = 0;  ///< granted, or (errors) how long the error holds
  std::uint32_t epoch = 0;
  bool has_map = false;  ///< false for a header-only error
  PcpNonce nonce{};
  std::uint8_t protocol = 0;
  std::uint16_t internal_port = 0;
  std::uint16_t external_port = 0;
  Ip6Bytes external_address{};
  std::size_t options = 0;  ///< skipped
};

std::array<std::uint8_t, kPcpMapRequestSize> encode_pcp_map_request(const PcpMapRequest& request);

/// Decodes a response. Errors (nat_pmp::errc, at the offending byte): too_short,
/// too_long, bad_length, wrong_version (a version other than 2, except a header carrying
/// UNSUPP_VERSION, which any version may send: §9), not_a_response, wrong_opcode (not
/// MAP), truncated (no MAP payload in a success, or a partial one), truncated_option,
/// too_many_options.
ParseResult<PcpResponse> parse_pcp_response(std::span<const std::uint8_t> bytes);

/// Whether `response` answers `request`: its nonce (nonce_mismatch), protocol and
/// internal port (request_mismatch). A header-only error matches any MAP request.
Result<void> match_pcp_map(const PcpResponse& response, const PcpMapRequest& request);

}  // namespace corrent::nat_pmp
