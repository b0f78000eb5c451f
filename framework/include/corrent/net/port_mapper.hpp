#pragma once
// The nat plugin kind: keeps port mappings alive on the gateway (UPnP IGD, NAT-PMP/PCP)
// and reports the external address. At start() the session runs every built PortMapper
// with a request per port it listens on (TCP, and UDP for its shared UDP socket), records what
// they report, publishes it (events PortMapped and PortUnmapped, Session::external_endpoints,
// the external ports trackers announce), and at stop() cancels them: a mapper then removes
// its mappings, and is cut off if it takes longer than the session's bound
// (SessionSettings::port_mapper_stop_timeout, engine::kPortMapperStopTimeout).

#include <cstdint>
#include <system_error>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/plugin/plugin.hpp"

namespace corrent {

/// Which protocol a mapping is for.
enum class PortProtocol { tcp, udp };

/// A local port that should be reachable from outside.
struct PortRequest {
  std::uint16_t local_port = 0;
  PortProtocol protocol = PortProtocol::tcp;
  friend bool operator==(const PortRequest&, const PortRequest&) = default;
};

/// A request as the gateway maps it.
struct PortMapping {
  PortRequest request;
  net::Endpoint external;  ///< where peers outside reach `request.local_port`
  friend bool operator==(const PortMapping&, const PortMapping&) = default;
};

/// Receives mapping changes. Called on the session executor; must not block.
class MappingSink {
 public:
  virtual ~MappingSink() = default;
  /// `request` is now reachable at `external`.
  virtual void on_mapped(const PortRequest& request, net::Endpoint external) = 0;
  /// `request` could not be mapped, or lost its mapping.
  virtual void on_unmapped(const PortRequest& request, std::error_code why) = 0;
};

/// A port-mapping protocol client.
class PortMapper : public Plugin {
 public:
  /// Maps `wanted` and keeps the mappings alive until cancelled, reporting each to `sink`;
  /// then removes them and returns. Removal waits on the network, so it first resets the
  /// coroutine's cancellation state (`co_await asio::this_coro::reset_cancellation_state()`)
  /// and bounds each wait; past the session's bound a second cancellation aborts the wait
  /// in progress, and run() must then return. `sink` must outlive the call.
  virtual Task<Result<void>> run(std::vector<PortRequest> wanted, MappingSink& sink) = 0;
};

}  // namespace corrent
