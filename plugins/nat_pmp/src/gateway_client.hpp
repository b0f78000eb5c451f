#pragma once
// GatewayClient: speaks PCP or NAT-PMP to one gateway over a GatewaySocket. PCP first
// (when allowed); a NAT-PMP "Unsupported Version" reply (version 0) or a PCP
// UNSUPP_VERSION makes it NAT-PMP for good (RFC 6887 §9). Until the gateway has answered
// at all, a round without any answer switches to the other protocol for the next one, so
// that a gateway ignoring one protocol is still found by the other. It tracks the
// gateway's epoch (a reboot means every mapping must be made again) and, for NAT-PMP,
// the external address (opcode 0), asked again once per round.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"
#include "epoch_check.hpp"
#include "gateway_socket.hpp"
#include "mapping_schedule.hpp"

namespace corrent::nat_pmp {

/// The protocol a client speaks.
enum class MapProtocol { pcp, natpmp };

/// What the gateway granted.
struct Grant {
  net::Endpoint external;  ///< unspecified after a deletion
  std::chrono::seconds lifetime{0};
};

class GatewayClient {
 public:
  /// `attempts`: sends per request (GatewaySocket::exchange); `pcp`: try PCP first.
  GatewayClient(std::unique_ptr<GatewaySocket> socket, std::uint32_t attempts, bool pcp);

  /// Asks the gateway to map `slot` for `lifetime` seconds (0 deletes it, with `attempts`
  /// sends at most). Errors: a nat_pmp::errc of the gateway's result code, timed_out,
  /// operation_aborted when cancelled.
  Task<Result<Grant>> map(MappingSlot slot, std::uint32_t lifetime, std::uint32_t attempts);
  Task<Result<Grant>> map(MappingSlot slot, std::uint32_t lifetime) { return map(std::move(slot), lifetime, attempts_); }

  /// A new round of requests: NAT-PMP asks the external address again before its next mapping.
  void begin_round() { address_stale_ = true; }
  /// Whether a reply since the last call showed the gateway lost its state (and clears it).
  bool take_state_lost() { return std::exchange(state_lost_, false); }

  [[nodiscard]] MapProtocol protocol() const { return protocol_; }
  [[nodiscard]] const GatewaySocket& socket() const { return *socket_; }

 private:
  Task<Result<Grant>> map_pcp(const MappingSlot& slot, std::uint32_t lifetime, std::uint32_t attempts);
  Task<Result<Grant>> map_natpmp(const MappingSlot& slot, std::uint32_t lifetime, std::uint32_t attempts);
  Task<Result<void>> refresh_address(std::uint32_t attempts);
  void observe_epoch(std::uint32_t epoch);
  void use(MapProtocol protocol);

  std::unique_ptr<GatewaySocket> socket_;
  std::uint32_t attempts_;
  bool pcp_allowed_;
  MapProtocol protocol_;
  bool answered_ = false;  // the gateway has answered once: the protocol is settled
  EpochCheck epoch_;
  bool state_lost_ = false;
  std::optional<Ipv4Bytes> external_address_;  // NAT-PMP's opcode 0
  bool address_stale_ = true;
};

}  // namespace corrent::nat_pmp
