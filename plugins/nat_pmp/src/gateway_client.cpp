#include "gateway_client.hpp"

#include <utility>

#include "corrent/core/clock.hpp"
#include "nat_pmp_errc.hpp"
#include "natpmp_message.hpp"
#include "pcp_message.hpp"

namespace corrent::nat_pmp {
namespace {

Millis now_ms() { return std::chrono::duration_cast<Millis>(Clock::now().time_since_epoch()); }

template <std::size_t N>
std::vector<std::uint8_t> to_vector(const std::array<std::uint8_t, N>& a) {
  return {a.begin(), a.end()};
}

// A NAT-PMP server's answer to a PCP request (version 2, opcode MAP): version 0, opcode
// 128 + 1, result "Unsupported Version" (RFC 6886 §3.5, RFC 6887 §9).
bool is_natpmp_unsupported(std::span<const std::uint8_t> bytes) {
  const auto reply = parse_natpmp_reply(bytes);
  return reply && reply->opcode == kPcpOpMap && natpmp_result_error(reply->result) == errc::unsupported_version;
}

}  // namespace

GatewayClient::GatewayClient(std::unique_ptr<GatewaySocket> socket, std::uint32_t attempts, bool pcp)
    : socket_(std::move(socket)),
      attempts_(attempts),
      pcp_allowed_(pcp),
      protocol_(pcp ? MapProtocol::pcp : MapProtocol::natpmp) {}

void GatewayClient::use(MapProtocol protocol) {
  if (protocol_ == protocol) return;
  protocol_ = protocol;
  epoch_.reset();  // another server, as far as epochs go
  external_address_.reset();
}

void GatewayClient::observe_epoch(std::uint32_t epoch) {
  if (!epoch_.observe(epoch, now_ms())) {
    state_lost_ = true;
    address_stale_ = true;
  }
}

Task<Result<Grant>> GatewayClient::map(MappingSlot slot, std::uint32_t lifetime, std::uint32_t attempts) {
  if (protocol_ == MapProtocol::pcp) {
    auto pcp = map_pcp(slot, lifetime, attempts);  // named: GCC 12
    auto granted = co_await std::move(pcp);
    if (granted || granted.error() != errc::unsupported_version) {
      // Silence before the gateway ever answered: maybe it ignores PCP; try NAT-PMP next round.
      if (!granted && granted.error() == errc::timed_out && !answered_) use(MapProtocol::natpmp);
      co_return granted;
    }
    use(MapProtocol::natpmp);  // RFC 6887 §9: the gateway speaks NAT-PMP
  }
  auto natpmp = map_natpmp(slot, lifetime, attempts);
  auto granted = co_await std::move(natpmp);
  if (!granted && granted.error() == errc::timed_out && !answered_ && pcp_allowed_) use(MapProtocol::pcp);
  co_return granted;
}

Task<Result<Grant>> GatewayClient::map_pcp(const MappingSlot& slot, std::uint32_t lifetime,
                                           std::uint32_t attempts) {
  PcpMapRequest request;
  request.nonce = slot.nonce;
  request.protocol = slot.protocol;
  request.internal_port = slot.internal_port;
  request.lifetime = lifetime;
  request.client_address = v4_mapped(socket_->internal_address());
  // Ask for what we had, else the internal port at any IPv4 address (RFC 6887 §11.1).
  request.suggested_external_port = slot.external ? slot.external->port() : slot.internal_port;
  request.suggested_external_address = v4_mapped({});
  if (slot.external && slot.external->is_v4()) {
    Ipv4Bytes v4{};
    std::copy_n(slot.external->address_bytes().begin(), 4, v4.begin());
    request.suggested_external_address = v4_mapped(v4);
  }
  AcceptReply accept = [request](std::span<const std::uint8_t> bytes) {
    if (!bytes.empty() && bytes[0] == 0) return is_natpmp_unsupported(bytes);
    const auto response = parse_pcp_response(bytes);
    return response && match_pcp_map(*response, request).has_value();
  };
  auto exchange = socket_->exchange(to_vector(encode_pcp_map_request(request)), std::move(accept), attempts);
  auto reply = co_await std::move(exchange);
  if (!reply) co_return tl::make_unexpected(reply.error());
  answered_ = true;
  if ((*reply)[0] == 0) co_return fail(errc::unsupported_version);
  const auto response = parse_pcp_response(*reply);  // accepted above: it parses
  if (!response) co_return tl::make_unexpected(response.error().code);
  observe_epoch(response->epoch);
  if (const auto e = pcp_result_error(response->result); e != errc::ok) co_return fail(e);
  if (lifetime == 0) co_return Grant{};
  if (response->lifetime == 0 || !response->has_map) co_return fail(errc::gateway_error);
  const auto v4 = unmap_v4(response->external_address);
  const auto external = v4 ? net::Endpoint::v4(*v4, response->external_port)
                           : net::Endpoint::v6(response->external_address, response->external_port);
  co_return Grant{external, std::chrono::seconds(response->lifetime)};
}

Task<Result<void>> GatewayClient::refresh_address(std::uint32_t attempts) {
  AcceptReply accept = [](std::span<const std::uint8_t> bytes) {
    const auto reply = parse_natpmp_reply(bytes);
    return reply && reply->opcode == kNatPmpOpAddress;
  };
  auto exchange = socket_->exchange(to_vector(encode_natpmp_address_request()), std::move(accept), attempts);
  auto bytes = co_await std::move(exchange);
  if (!bytes) co_return tl::make_unexpected(bytes.error());
  answered_ = true;
  const auto reply = parse_natpmp_reply(*bytes);
  if (!reply) co_return tl::make_unexpected(reply.error().code);
  observe_epoch(reply->epoch);
  if (const auto e = natpmp_result_error(reply->result); e != errc::ok) co_return fail(e);
  // 0.0.0.0: the gateway has no external address yet (RFC 6886 §3.2).
  if (reply->external_address == Ipv4Bytes{}) co_return fail(errc::network_failure);
  external_address_ = reply->external_address;
  address_stale_ = false;
  co_return Result<void>{};
}

Task<Result<Grant>> GatewayClient::map_natpmp(const MappingSlot& slot, std::uint32_t lifetime,
                                              std::uint32_t attempts) {
  if (lifetime > 0 && (address_stale_ || !external_address_)) {
    auto refresh = refresh_address(attempts);
    auto refreshed = co_await std::move(refresh);
    if (!refreshed) co_return tl::make_unexpected(refreshed.error());
  }
  NatPmpMapRequest request;
  request.protocol = slot.protocol;
  request.internal_port = slot.internal_port;
  request.lifetime = lifetime;
  // A deletion suggests port 0 (RFC 6886 §3.4); a mapping what it had, else the internal port.
  if (lifetime > 0) request.suggested_external_port = slot.external ? slot.external->port() : slot.internal_port;
  AcceptReply accept = [request](std::span<const std::uint8_t> bytes) {
    const auto reply = parse_natpmp_reply(bytes);
    return reply && match_natpmp_map(*reply, request).has_value();
  };
  auto exchange = socket_->exchange(to_vector(encode_natpmp_map_request(request)), std::move(accept), attempts);
  auto bytes = co_await std::move(exchange);
  if (!bytes) co_return tl::make_unexpected(bytes.error());
  answered_ = true;
  const auto reply = parse_natpmp_reply(*bytes);
  if (!reply) co_return tl::make_unexpected(reply.error().code);
  observe_epoch(reply->epoch);
  if (const auto e = natpmp_result_error(reply->result); e != errc::ok) co_return fail(e);
  if (lifetime == 0) co_return Grant{};
  if (reply->lifetime == 0 || !external_address_) co_return fail(errc::gateway_error);
  co_return Grant{net::Endpoint::v4(*external_address_, reply->external_port), std::chrono::seconds(reply->lifetime)};
}

}  // namespace corrent::nat_pmp
