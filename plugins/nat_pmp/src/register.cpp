// The only file of the nat_pmp plugin that reads configuration (STYLE.md rule 9).
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <system_error>

#include <asio/ip/address_v4.hpp>

#include "corrent/net/error.hpp"
#include "corrent/plugins/nat_pmp.hpp"
#include "corrent/registry/registry.hpp"
#include "nat_pmp_mapper.hpp"

namespace corrent::plugins {
namespace {

using nat_pmp::NatPmpSettings;

Result<NatPmpSettings> read_settings(const ConfigSection& config) {
  NatPmpSettings s;
  CORRENT_TRY(const auto gateway, config.get_string("gateway", ""));
  CORRENT_TRY(const auto port, config.get_int("port", s.port, 1, 65535));
  CORRENT_TRY(const auto lifetime,
              config.get_int("lifetime_s", s.lifetime.count(), nat_pmp::kMinLifetime.count(),
                             nat_pmp::kMaxLifetime.count()));
  CORRENT_TRY(const auto attempts,
              config.get_int("max_attempts", s.max_attempts, nat_pmp::kMinAttempts, nat_pmp::kMaxAttempts));
  CORRENT_TRY(const auto pcp, config.get_bool("pcp", s.pcp));
  if (!gateway.empty()) {
    std::error_code ec;
    const auto address = asio::ip::make_address_v4(gateway, ec);
    if (ec) return tl::make_unexpected(std::error_code(net::errc::bad_address));
    s.gateway = address.to_bytes();
  }
  s.port = static_cast<std::uint16_t>(port);
  s.lifetime = std::chrono::seconds(lifetime);
  s.max_attempts = static_cast<std::uint32_t>(attempts);
  s.pcp = pcp;
  return s;
}

}  // namespace

void register_nat_pmp(Registry& registry) {
  const NatPmpSettings d;
  ConfigSchema schema;
  schema.string("gateway", "", "IPv4 address of the gateway; empty: the default route's (/proc/net/route)")
      .integer("port", d.port, 1, 65535, "the gateway's NAT-PMP/PCP port (5351; another only for tests)")
      .integer("lifetime_s", d.lifetime.count(), nat_pmp::kMinLifetime.count(), nat_pmp::kMaxLifetime.count(),
               "lifetime asked for each mapping, in seconds (RFC 6886: 7200); renewed at half what is granted")
      .integer("max_attempts", d.max_attempts, nat_pmp::kMinAttempts, nat_pmp::kMaxAttempts,
               "sends of each request (250 ms, doubling) before the gateway is taken as silent")
      .boolean("pcp", d.pcp, "try PCP (RFC 6887) first, falling back to NAT-PMP; false: NAT-PMP only");
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<PortMapper>> {
    CORRENT_TRY(auto settings, read_settings(context.config));
    return std::unique_ptr<PortMapper>(std::make_unique<nat_pmp::NatPmpMapper>(context.executor, std::move(settings)));
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_port_mapper("nat_pmp", factory, std::move(schema));
}

}  // namespace corrent::plugins
