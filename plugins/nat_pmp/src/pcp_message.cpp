#include "pcp_message.hpp"

#include <algorithm>

#include "byte_order.hpp"
#include "nat_pmp_errc.hpp"

namespace corrent::nat_pmp {
namespace {

using detail::load16;
using detail::load32;

// Offsets in the common header and the MAP payload (RFC 6887 §7.1, §7.2, §11.1).
constexpr std::size_t kLifetimeAt = 4;
constexpr std::size_t kClientAddressAt = 8;  // request
constexpr std::size_t kResultAt = 3;         // response
constexpr std::size_t kEpochAt = 8;          // response
constexpr std::size_t kNonceAt = kPcpHeaderSize;
constexpr std::size_t kProtocolAt = kNonceAt + 12;
constexpr std::size_t kInternalPortAt = kProtocolAt + 4;
constexpr std::size_t kExternalPortAt = kInternalPortAt + 2;
constexpr std::size_t kExternalAddressAt = kExternalPortAt + 2;
static_assert(kExternalAddressAt + 16 == kPcpMapRequestSize);

// Skips the options after the MAP payload; returns how many, or where they break.
ParseResult<std::size_t> skip_options(std::span<const std::uint8_t> bytes, std::size_t at) {
  std::size_t count = 0;
  while (at < bytes.size()) {
    if (count == kPcpMaxOptions) return parse_fail(errc::too_many_options, at);
    if (bytes.size() - at < kPcpOptionHeaderSize) return parse_fail(errc::truncated_option, at);
    const std::size_t length = load16(bytes, at + 2);
    const std::size_t padded = (length + 3) & ~std::size_t{3};  // options are padded to 4 (§7.3)
    if (bytes.size() - at - kPcpOptionHeaderSize < padded) return parse_fail(errc::truncated_option, at);
    at += kPcpOptionHeaderSize + padded;
    ++count;
  }
  return count;
}

}  // namespace

Ip6Bytes v4_mapped(const std::array<std::uint8_t, 4>& v4) {
  Ip6Bytes out{};
  out[10] = 0xff;
  out[11] = 0xff;
  std::copy(v4.begin(), v4.end(), out.begin() + 12);
  return out;
}

std::optional<std::array<std::uint8_t, 4>> unmap_v4(const Ip6Bytes& address) {
  const bool mapped = std::all_of(address.begin(), address.begin() + 10, [](std::uint8_t b) { return b == 0; }) &&
                      address[10] == 0xff && address[11] == 0xff;
  if (!mapped) return std::nullopt;
  return std::array<std::uint8_t, 4>{address[12], address[13], address[14], address[15]};
}

std::array<std::uint8_t, kPcpMapRequestSize> encode_pcp_map_request(const PcpMapRequest& request) {
  std::array<std::uint8_t, kPcpMapRequestSize> out{};
  out[0] = kPcpVersion;
  out[1] = kPcpOpMap;  // R bit clear: a request
  detail::store32(out, kLifetimeAt, request.lifetime);
  std::copy(request.client_address.begin(), request.client_address.end(), out.begin() + kClientAddressAt);
  std::copy(request.nonce.begin(), request.nonce.end(), out.begin() + kNonceAt);
  out[kProtocolAt] = static_cast<std::uint8_t>(request.protocol);
  detail::store16(out, kInternalPortAt, request.internal_port);
  detail::store16(out, kExternalPortAt, request.suggested_external_port);
  std::copy(request.suggested_external_address.begin(), request.suggested_external_address.end(),
            out.begin() + kExternalAddressAt);
  return out;
}

ParseResult<PcpResponse> parse_pcp_response(std::span<const std::uint8_t> bytes) {
  if (bytes.size() > kPcpMaxMessageSize) return parse_fail(errc::too_long, kPcpMaxMessageSize);
  if (bytes.size() < kPcpHeaderSize) return parse_fail(errc::too_short, bytes.size());
  if (bytes.size() % 4 != 0) return parse_fail(errc::bad_length, bytes.size());
  PcpResponse r;
  r.version = bytes[0];
  if ((bytes[1] & kPcpResponseBit) == 0) return parse_fail(errc::not_a_response, 1);
  r.opcode = static_cast<std::uint8_t>(bytes[1] & ~kPcpResponseBit);
  r.result = bytes[kResultAt];
  r.lifetime = load32(bytes, kLifetimeAt);
  r.epoch = load32(bytes, kEpochAt);
  if (r.version != kPcpVersion) {
    // A server of another version tells us so in a header of its own version (§9).
    if (r.result == kPcpUnsuppVersion && r.version != 0) return r;
    return parse_fail(errc::wrong_version, 0);
  }
  if (r.opcode != kPcpOpMap) return parse_fail(errc::wrong_opcode, 1);
  if (bytes.size() == kPcpHeaderSize) {
    if (r.result == 0) return parse_fail(errc::truncated, bytes.size());
    return r;
  }
  if (bytes.size() < kPcpMapRequestSize) return parse_fail(errc::truncated, bytes.size());
  r.has_map = true;
  std::copy_n(bytes.begin() + kNonceAt, r.nonce.size(), r.nonce.begin());
  r.protocol = bytes[kProtocolAt];
  r.internal_port = load16(bytes, kInternalPortAt);
  r.external_port = load16(bytes, kExternalPortAt);
  std::copy_n(bytes.begin() + kExternalAddressAt, r.external_address.size(), r.external_address.begin());
  auto options = skip_options(bytes, kPcpMapRequestSize);
  if (!options) return tl::make_unexpected(options.error());
  r.options = *options;
  return r;
}

Result<void> match_pcp_map(const PcpResponse& response, const PcpMapRequest& request) {
  if (response.opcode != kPcpOpMap) return fail(errc::request_mismatch);
  if (!response.has_map) return {};
  if (response.nonce != request.nonce) return fail(errc::nonce_mismatch);
  if (response.protocol != static_cast<std::uint8_t>(request.protocol) ||
      response.internal_port != request.internal_port) {
    return fail(errc::request_mismatch);
  }
  return {};
}

}  // namespace corrent::nat_pmp
