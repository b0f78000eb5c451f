// The only file of the nat_upnp plugin that reads configuration (STYLE.md rule 9).
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <system_error>

#include "corrent/net/error.hpp"
#include "corrent/plugins/nat_upnp.hpp"
#include "corrent/registry/registry.hpp"
#include "upnp_mapper.hpp"

namespace corrent::plugins {
namespace {

using nat_upnp::UpnpSettings;

// Ours: a search shorter than 100 ms misses real devices (MX 2), longer than 30 s delays
// the session's first mapping for nothing; a lease of 2 s exists for tests, one over a week
// is refused by IGD v2 (604800 s); HTTP and retry bounds likewise between a test's
// impatience and a minute.
constexpr std::int64_t kMinSearchMs = 100;
constexpr std::int64_t kMaxSearchMs = 30'000;
constexpr std::int64_t kMinLeaseS = 2;
constexpr std::int64_t kMaxLeaseS = 604'800;
constexpr std::int64_t kMinHttpTimeoutMs = 100;
constexpr std::int64_t kMaxHttpTimeoutMs = 60'000;
constexpr std::int64_t kMinRetryMs = 100;
constexpr std::int64_t kMaxRetryMs = 60'000;

std::int64_t ms(std::chrono::milliseconds d) { return d.count(); }

Result<UpnpSettings> read_settings(const ConfigSection& config) {
  const UpnpSettings d;
  UpnpSettings s;
  CORRENT_TRY(const auto address, config.get_string("ssdp_address", d.ssdp_target.address_string()));
  CORRENT_TRY(const auto port, config.get_int("ssdp_port", d.ssdp_target.port(), 1, 65535));
  CORRENT_TRY(const auto search, config.get_int("search_ms", ms(d.search_time), kMinSearchMs, kMaxSearchMs));
  CORRENT_TRY(const auto lease, config.get_int("lease_s", d.lease.count(), 0, kMaxLeaseS));
  CORRENT_TRY(const auto http, config.get_int("http_timeout_ms", ms(d.http_timeout), kMinHttpTimeoutMs,
                                              kMaxHttpTimeoutMs));
  CORRENT_TRY(const auto retry, config.get_int("retry_ms", ms(d.retry_first), kMinRetryMs, kMaxRetryMs));
  auto target = net::Endpoint::parse(address + ":" + std::to_string(port));
  if (!target || !target->is_v4()) return tl::make_unexpected(std::error_code(net::errc::bad_address));
  // A lease of 1 s would renew every 0.5 s; 0 is the permanent lease.
  if (lease != 0 && lease < kMinLeaseS) return tl::make_unexpected(std::make_error_code(std::errc::invalid_argument));
  s.ssdp_target = *target;
  s.search_time = std::chrono::milliseconds(search);
  s.lease = std::chrono::seconds(lease);
  s.http_timeout = std::chrono::milliseconds(http);
  s.retry_first = std::chrono::milliseconds(retry);
  return s;
}

}  // namespace

void register_nat_upnp(Registry& registry) {
  const UpnpSettings d;
  ConfigSchema schema;
  schema
      .string("ssdp_address", d.ssdp_target.address_string(),
              "IPv4 address M-SEARCH is sent to (the SSDP group; another only for tests)")
      .integer("ssdp_port", d.ssdp_target.port(), 1, 65535, "port M-SEARCH is sent to (1900; another only for tests)")
      .integer("search_ms", ms(d.search_time), kMinSearchMs, kMaxSearchMs, "how long replies to a search are collected")
      .integer("lease_s", d.lease.count(), 0, kMaxLeaseS,
               "lease asked for, renewed at half of it (0: permanent, checked every 20 min; else at least 2)")
      .integer("http_timeout_ms", ms(d.http_timeout), kMinHttpTimeoutMs, kMaxHttpTimeoutMs,
               "bound on each HTTP request to the gateway")
      .integer("retry_ms", ms(d.retry_first), kMinRetryMs, kMaxRetryMs,
               "first wait before searching again after a failure (doubles up to 5 min)");
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<PortMapper>> {
    CORRENT_TRY(auto settings, read_settings(context.config));
    return std::unique_ptr<PortMapper>(std::make_unique<nat_upnp::UpnpMapper>(context.executor, settings));
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_port_mapper("nat_upnp", factory, std::move(schema));
}

}  // namespace corrent::plugins
