// The only file of tracker_udp that reads configuration (STYLE.md rule 9).
#include <memory>

#include "corrent/net/socks5.hpp"
#include "corrent/registry/registry.hpp"
#include "corrent/plugins/tracker_udp.hpp"
#include "udp_tracker.hpp"

namespace corrent::plugins {
namespace {

constexpr std::int64_t kHour = 3600 * 1000;

Result<tracker_udp::UdpTrackerSettings> read_settings(const ConfigSection& config) {
  tracker_udp::UdpTrackerSettings s;
  CORRENT_TRY(const auto base, config.get_int("retransmit_base_ms", s.retransmit.base.count(), 1, kHour));
  CORRENT_TRY(const auto n, config.get_int("max_retransmits", s.retransmit.max_retransmits, 0, 8));
  CORRENT_TRY(const auto lifetime,
              config.get_int("connection_id_lifetime_ms", s.connection_id_lifetime.count(), 0,
                             tracker_udp::kConnectionIdLifetime.count()));
  s.retransmit.base = std::chrono::milliseconds(base);
  s.retransmit.max_retransmits = static_cast<std::uint32_t>(n);
  s.connection_id_lifetime = std::chrono::milliseconds(lifetime);
  CORRENT_TRY(const auto proxy, config.get_string("proxy", ""));
  if (!proxy.empty()) {
    CORRENT_TRY(s.proxy, net::parse_proxy_url(proxy));
  }
  return s;
}

}  // namespace

void register_tracker_udp(Registry& registry) {
  const tracker_udp::UdpTrackerSettings d;
  ConfigSchema schema;
  schema.integer("retransmit_base_ms", d.retransmit.base.count(), 1, kHour,
                 "wait for the first reply; doubles with each retransmission (BEP 15: 15000)")
      .integer("max_retransmits", d.retransmit.max_retransmits, 0, 8,
               "retransmissions before giving up (BEP 15: 8)")
      .integer("connection_id_lifetime_ms", d.connection_id_lifetime.count(), 0,
               tracker_udp::kConnectionIdLifetime.count(), "how long a connection id is reused (BEP 15: 60000 at most)")
      .string("proxy", "",
              "socks5://[user:pass@]host:port: every datagram through this SOCKS5 proxy's UDP relay (empty: directly)");
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<tracker::TrackerProtocol>> {
    CORRENT_TRY(const auto settings, read_settings(context.config));
    return std::make_unique<tracker_udp::UdpTracker>(context.executor, settings, context.datagrams);
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_tracker("tracker_udp", factory, std::move(schema));
}

}  // namespace corrent::plugins
