#pragma once
// Why a NAT-PMP or PCP exchange failed ("corrent.nat_pmp"): one value per class of bad
// reply, so a test can say which check fired; and one per result code the gateway can
// answer with, so that on_unmapped says what the gateway refused.

#include <cstdint>
#include <string_view>
#include <system_error>

#include "corrent/core/error.hpp"

namespace corrent::nat_pmp {

enum class errc {
  ok = 0,
  // A reply that is not one (decoders).
  too_short,          ///< fewer bytes than the smallest reply of its kind
  too_long,           ///< more bytes than the reply of its kind (PCP: over 1100)
  bad_length,         ///< a PCP message whose length is not a multiple of 4
  wrong_version,      ///< not NAT-PMP version 0 / PCP version 2
  not_a_response,     ///< a request (opcode below 128, or the PCP R bit clear)
  wrong_opcode,       ///< an opcode we never send
  truncated,          ///< a successful reply without its payload
  truncated_option,   ///< a PCP option running past the end of the message
  too_many_options,   ///< more than kPcpMaxOptions PCP options
  // A reply that does not answer what we asked (matching).
  nonce_mismatch,     ///< a PCP MAP reply with another mapping nonce
  request_mismatch,   ///< another opcode, protocol or internal port than ours
  // The gateway's result codes (RFC 6886 §3.5, RFC 6887 §7.4).
  unsupported_version,     ///< UNSUPP_VERSION / Unsupported Version
  not_authorized,          ///< NOT_AUTHORIZED / Not Authorized/Refused
  malformed_request,       ///< MALFORMED_REQUEST, MALFORMED_OPTION, UNSUPP_OPTION
  unsupported_opcode,      ///< UNSUPP_OPCODE / Unsupported opcode
  network_failure,         ///< NETWORK_FAILURE / Network Failure (no external address)
  no_resources,            ///< NO_RESOURCES, USER_EX_QUOTA / Out of resources
  unsupported_protocol,    ///< UNSUPP_PROTOCOL
  cannot_provide_external, ///< CANNOT_PROVIDE_EXTERNAL
  address_mismatch,        ///< ADDRESS_MISMATCH (our client address is not what it sees)
  gateway_error,           ///< any other non-zero result code
  // The client.
  timed_out,          ///< no answer after the last retransmission
  no_gateway,         ///< no default IPv4 route, and none configured
  bad_route_file,     ///< /proc/net/route unreadable or too large
};

std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.nat_pmp"; }
CORRENT_ERROR_ENUM(errc)

/// The error of a NAT-PMP result code (RFC 6886 §3.5); ok for 0.
errc natpmp_result_error(std::uint16_t result) noexcept;
/// The error of a PCP result code (RFC 6887 §7.4); ok for 0.
errc pcp_result_error(std::uint8_t result) noexcept;

}  // namespace corrent::nat_pmp

CORRENT_ERROR_ENUM_TRAIT(corrent::nat_pmp::errc);
