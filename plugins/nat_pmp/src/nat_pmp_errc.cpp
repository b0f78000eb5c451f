#include "nat_pmp_errc.hpp"

namespace corrent::nat_pmp {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "no error";
    case errc::too_short: return "nat_pmp: reply shorter than its kind";
    case errc::too_long: return "nat_pmp: reply longer than its kind";
    case errc::bad_length: return "nat_pmp: PCP message length not a multiple of 4";
    case errc::wrong_version: return "nat_pmp: wrong protocol version";
    case errc::not_a_response: return "nat_pmp: a request, not a response";
    case errc::wrong_opcode: return "nat_pmp: unexpected opcode";
    case errc::truncated: return "nat_pmp: successful reply without its payload";
    case errc::truncated_option: return "nat_pmp: PCP option runs past the message";
    case errc::too_many_options: return "nat_pmp: too many PCP options";
    case errc::nonce_mismatch: return "nat_pmp: PCP mapping nonce does not match";
    case errc::request_mismatch: return "nat_pmp: reply answers another request";
    case errc::unsupported_version: return "nat_pmp: gateway does not support the version";
    case errc::not_authorized: return "nat_pmp: gateway refused the mapping (not authorized)";
    case errc::malformed_request: return "nat_pmp: gateway says the request is malformed";
    case errc::unsupported_opcode: return "nat_pmp: gateway does not support the opcode";
    case errc::network_failure: return "nat_pmp: gateway has no external address (network failure)";
    case errc::no_resources: return "nat_pmp: gateway out of resources";
    case errc::unsupported_protocol: return "nat_pmp: gateway does not map this protocol";
    case errc::cannot_provide_external: return "nat_pmp: gateway cannot provide the external port or address";
    case errc::address_mismatch: return "nat_pmp: gateway sees another client address";
    case errc::gateway_error: return "nat_pmp: gateway answered with an error";
    case errc::timed_out: return "nat_pmp: gateway did not answer";
    case errc::no_gateway: return "nat_pmp: no default IPv4 gateway";
    case errc::bad_route_file: return "nat_pmp: routing table unreadable";
  }
  return "nat_pmp: unknown error";
}

errc natpmp_result_error(std::uint16_t result) noexcept {
  switch (result) {
    case 0: return errc::ok;
    case 1: return errc::unsupported_version;
    case 2: return errc::not_authorized;
    case 3: return errc::network_failure;
    case 4: return errc::no_resources;
    case 5: return errc::unsupported_opcode;
    default: return errc::gateway_error;
  }
}

errc pcp_result_error(std::uint8_t result) noexcept {
  switch (result) {
    case 0: return errc::ok;
    case 1: return errc::unsupported_version;
    case 2: return errc::not_authorized;
    case 3: case 5: case 6: return errc::malformed_request;
    case 4: return errc::unsupported_opcode;
    case 7: return errc::network_failure;
    case 8: case 10: return errc::no_resources;
    case 9: return errc::unsupported_protocol;
    case 11: return errc::cannot_provide_external;
    case 12: return errc::address_mismatch;
    default: return errc::gateway_error;
  }
}

}  // namespace corrent::nat_pmp
