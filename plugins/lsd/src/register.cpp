// The only file of the lsd plugin that reads configuration (STYLE.md rule 9).
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <system_error>

#include <asio/ip/address_v4.hpp>

#include "corrent/net/error.hpp"
#include "corrent/plugins/lsd.hpp"
#include "corrent/registry/registry.hpp"
#include "lsd_discovery.hpp"

namespace corrent::plugins {
namespace {

// The interval may be shortened for tests (sending stays limited by the SendBudget) and
// lengthened, within a day (ours).
constexpr std::int64_t kMinIntervalMs = 1'000;
constexpr std::int64_t kMaxIntervalMs = 24 * 3'600'000;

Result<lsd::LsdSettings> read_settings(const ConfigSection& config) {
  const lsd::LsdSettings d;
  lsd::LsdSettings s;
  CORRENT_TRY(const auto interval,
              config.get_int("interval_ms", std::chrono::milliseconds(d.interval).count(), kMinIntervalMs,
                             kMaxIntervalMs));
  CORRENT_TRY(const auto port, config.get_int("port", d.port, 1, 65535));
  CORRENT_TRY(const auto ipv6, config.get_bool("ipv6", d.ipv6));
  CORRENT_TRY(const auto iface, config.get_string("multicast_interface", "0.0.0.0"));
  CORRENT_TRY(const auto loop, config.get_bool("multicast_loop", d.multicast_loop));
  std::error_code ec;
  const auto address = asio::ip::make_address_v4(iface, ec);
  if (ec) return tl::make_unexpected(std::error_code(net::errc::bad_address));
  s.interval = std::chrono::milliseconds(interval);
  s.port = static_cast<std::uint16_t>(port);
  s.ipv6 = ipv6;
  s.multicast_interface = address.to_bytes();
  s.multicast_loop = loop;
  return s;
}

}  // namespace

void register_lsd(Registry& registry) {
  const lsd::LsdSettings d;
  ConfigSchema schema;
  schema
      .integer("interval_ms", std::chrono::milliseconds(d.interval).count(), kMinIntervalMs, kMaxIntervalMs,
               "how often each torrent is announced again (libtorrent and BEP 14: 5 min); at most one announce "
               "a minute is sent in any case")
      .integer("port", d.port, 1, 65535, "the multicast port (BEP 14: 6771; another only for tests)")
      .boolean("ipv6", d.ipv6, "also use the IPv6 group [ff15::efc0:988f] where the host allows it")
      .string("multicast_interface", "0.0.0.0",
              "IPv4 address of the interface to join the groups on and send from (0.0.0.0: the system's choice)")
      .boolean("multicast_loop", d.multicast_loop,
               "our announces also reach this host, so that two sessions on one host find each other");
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<Discovery>> {
    CORRENT_TRY(auto settings, read_settings(context.config));
    CORRENT_TRY(auto plugin, lsd::LsdDiscovery::create(context.executor, std::move(settings)));
    return std::unique_ptr<Discovery>(std::move(plugin));
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_discovery("lsd", factory, std::move(schema));
}

}  // namespace corrent::plugins
