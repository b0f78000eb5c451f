// The NAT-PMP and PCP reply decoders (plugins/nat_pmp, RFC 6886 and RFC 6887) on
// arbitrary bytes. An accepted reply is within the size bounds of its kind, a PCP
// response's options fit the message, and re-encoding what a reply echoes (the request
// it would answer) gives a request that the reply matches.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "nat_pmp_errc.hpp"
#include "nat_pmp_limits.hpp"
#include "natpmp_message.hpp"
#include "pcp_message.hpp"

namespace {

namespace np = corrent::nat_pmp;

void check_natpmp(std::span<const std::uint8_t> bytes) {
  const auto r = np::parse_natpmp_reply(bytes);
  if (!r) return;
  if (bytes.size() < np::kNatPmpHeaderSize || bytes.size() > np::kNatPmpMapReplySize) std::abort();
  if (r->opcode > np::kNatPmpOpMapTcp || (r->header_only && r->result == 0)) std::abort();
  if (r->opcode == np::kNatPmpOpAddress || r->header_only) return;
  const auto protocol = r->opcode == np::kNatPmpOpMapUdp ? np::IpProtocol::udp : np::IpProtocol::tcp;
  if (!np::match_natpmp_map(*r, {protocol, r->internal_port, 0, 0})) std::abort();
}

void check_pcp(std::span<const std::uint8_t> bytes) {
  const auto r = np::parse_pcp_response(bytes);
  if (!r) return;
  if (bytes.size() > np::kPcpMaxMessageSize || bytes.size() % 4 != 0 || r->options > np::kPcpMaxOptions) {
    std::abort();
  }
  if (!r->has_map) {
    if (r->result == 0) std::abort();  // only an error may be the header alone
    return;
  }
  if (r->protocol != 6 && r->protocol != 17) return;
  np::PcpMapRequest request;
  request.nonce = r->nonce;
  request.protocol = static_cast<np::IpProtocol>(r->protocol);
  request.internal_port = r->internal_port;
  if (!np::match_pcp_map(*r, request)) std::abort();
  request.nonce[0] ^= 1;
  if (np::match_pcp_map(*r, request).error() != std::error_code(np::errc::nonce_mismatch)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  check_natpmp(bytes);
  check_pcp(bytes);
  return 0;
}
