#pragma once
// The PortMapper of UPnP IGD: discover (SSDP) -> describe -> map every request
// (AddPortMapping) and report it with the external address (GetExternalIPAddress) ->
// sleep until half the lease -> renew, for as long as the session runs. A renewal that
// fails to reach the gateway, or finds another external address, reports the mappings
// lost and discovers again with back-off (the gateway rebooted, or the LAN changed); so
// does a search that finds no gateway. When cancelled it removes its mappings
// (DeletePortMapping), each wait bounded, and returns.

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/net/endpoint.hpp"
#include "corrent/net/port_mapper.hpp"
#include "igd_client.hpp"
#include "nat_upnp_limits.hpp"

namespace corrent::nat_upnp {

/// What register.cpp reads from the "nat_upnp" section.
struct UpnpSettings {
  /// Where M-SEARCH goes: the SSDP group, or a test's responder on 127.0.0.1.
  net::Endpoint ssdp_target = net::Endpoint::v4(kSsdpGroup, kSsdpPort);
  std::chrono::milliseconds search_time = kDefaultSearchTime;
  /// Asked for in AddPortMapping; renewed at half of it.
  std::chrono::seconds lease = kDefaultLease;
  /// Bound on each HTTP request to the gateway.
  std::chrono::milliseconds http_timeout = kDefaultHttpTimeout;
  /// First wait before discovering again after a failure; doubles up to kRetryMax.
  std::chrono::milliseconds retry_first = kRetryFirst;
};

class UpnpMapper final : public PortMapper {
 public:
  UpnpMapper(asio::any_io_executor executor, UpnpSettings settings);

  /// See PortMapper::run. Returns {} once cancelled and its removals are done (or cut off).
  Task<Result<void>> run(std::vector<PortRequest> wanted, MappingSink& sink) override;

 private:
  // One request and what we know of it.
  struct Slot {
    PortRequest request;
    std::chrono::seconds lease{0};           // asked for; 0 after error 725 (permanent)
    std::uint16_t external_port = 0;         // mapped on the gateway as this; 0: not mapped
    std::optional<net::Endpoint> reported;   // what on_mapped said last
    bool told_unmapped = false;              // on_unmapped said since the last on_mapped
  };

  Task<Result<Gateway>> find_gateway() const;
  Task<Result<void>> map_all(Gateway gateway, std::vector<Slot>& slots, std::optional<net::Endpoint>& external_ip,
                             MappingSink& sink) const;
  Task<Result<void>> map_one(Gateway gateway, Slot& slot) const;
  Task<void> remove_all(Gateway gateway, std::vector<Slot>& slots, MappingSink& sink) const;
  static void mapped(Slot& slot, net::Endpoint external, MappingSink& sink);
  static void unmapped(Slot& slot, std::error_code why, MappingSink& sink);
  [[nodiscard]] static std::chrono::milliseconds renew_interval(const std::vector<Slot>& slots);

  asio::any_io_executor executor_;
  UpnpSettings settings_;
  IgdClient client_;
};

}  // namespace corrent::nat_upnp
