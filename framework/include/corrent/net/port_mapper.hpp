#pragma once
// The nat plugin kind: keeps port mappings alive on the gateway (UPnP IGD, NAT-PMP/PCP)
// and reports the external address. The interface only, so far: the session does not yet
// build or run port mappers (issue 11, "PortMapper plugins run").

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
  /// Maps `wanted` and keeps the mappings alive until cancelled (then removes them).
  /// `sink` must outlive the call.
  virtual Task<Result<void>> run(std::vector<PortRequest> wanted, MappingSink& sink) = 0;
};

}  // namespace corrent
