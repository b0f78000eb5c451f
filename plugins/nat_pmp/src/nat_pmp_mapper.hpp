#pragma once
// NatPmpMapper: the PortMapper of the nat_pmp plugin. run() finds the gateway (the
// configured one, else the default route's from /proc/net/route), opens a GatewayClient
// (PCP, falling back to NAT-PMP), maps every request, reports each mapping and each
// change, renews at half the granted lifetime, retries failures with a back-off
// (MappingSchedule), and when cancelled deletes what it mapped (lifetime 0, bounded) and
// returns. Requests go one at a time: a gateway that does not answer one is taken as
// silent for the rest of that round, so a round costs at most one exchange's wait.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/net/port_mapper.hpp"
#include "default_gateway.hpp"
#include "gateway_client.hpp"
#include "mapping_schedule.hpp"
#include "nat_pmp_limits.hpp"

namespace corrent::nat_pmp {

/// What register.cpp reads from the "nat_pmp" section, and what only tests change.
struct NatPmpSettings {
  std::optional<Ipv4Bytes> gateway;  ///< nullopt: the default route's gateway
  std::uint16_t port = kServerPort;
  std::chrono::seconds lifetime = kDefaultLifetime;
  std::uint32_t max_attempts = kDefaultMaxAttempts;
  bool pcp = true;
  // Not configurable: tests shorten them.
  Millis retry_min = kRetryMin;
  Millis retry_max = kRetryMax;
  std::filesystem::path route_file = "/proc/net/route";
};

class NatPmpMapper final : public PortMapper {
 public:
  NatPmpMapper(asio::any_io_executor executor, NatPmpSettings settings);

  /// See PortMapper::run. Returns {} after the removal, or operation_aborted when a
  /// second cancellation cut it short.
  Task<Result<void>> run(std::vector<PortRequest> wanted, MappingSink& sink) override;

 private:
  struct Run;  // one run()'s state
  Result<std::unique_ptr<GatewayClient>> open_client() const;
  Task<Result<void>> round(Run& run, Millis now);
  void settle(Run& run, std::size_t i, const Result<Grant>& outcome, Millis now);
  Task<Result<void>> wait_until_due(const Run& run);
  Task<Result<void>> remove_all(Run& run);

  asio::any_io_executor executor_;
  NatPmpSettings settings_;
};

}  // namespace corrent::nat_pmp
