// The only file of tracker_http that reads configuration (STYLE.md rule 9).
#include <memory>

#include "corrent/core/version.hpp"
#include "corrent/net/socks5.hpp"
#include "corrent/registry/registry.hpp"
#include "corrent/plugins/tracker_http.hpp"
#include "http_tracker.hpp"

namespace corrent::plugins {
namespace {

constexpr std::int64_t kHour = 3600 * 1000;

Result<tracker_http::HttpTrackerSettings> read_settings(const ConfigSection& config) {
  tracker_http::HttpTrackerSettings s;
  CORRENT_TRY(const auto receive, config.get_int("receive_timeout_ms", s.receive_timeout.count(), 1, kHour));
  CORRENT_TRY(const auto total, config.get_int("total_timeout_ms", s.total_timeout.count(), 1, kHour));
  CORRENT_TRY(const auto max_bytes,
              config.get_int("max_response_bytes", static_cast<std::int64_t>(s.max_response_bytes), 1,
                             64 * 1024 * 1024));
  CORRENT_TRY(const auto redirects, config.get_int("max_redirects", s.max_redirects, 0, 20));
  CORRENT_TRY(s.verify_tls, config.get_bool("verify_tls", true));
  CORRENT_TRY(s.user_agent, config.get_string("user_agent", std::string("corrent/") + std::string(kVersion)));
  s.receive_timeout = std::chrono::milliseconds(receive);
  s.total_timeout = std::chrono::milliseconds(total);
  s.max_response_bytes = static_cast<std::size_t>(max_bytes);
  s.max_redirects = static_cast<std::uint32_t>(redirects);
  CORRENT_TRY(const auto proxy, config.get_string("proxy", ""));
  if (!proxy.empty()) {
    CORRENT_TRY(s.proxy, net::parse_proxy_url(proxy));
  }
  return s;
}

}  // namespace

void register_tracker_http(Registry& registry) {
  const tracker_http::HttpTrackerSettings d;
  ConfigSchema schema;
  schema.integer("receive_timeout_ms", d.receive_timeout.count(), 1, kHour, "longest wait for any byte of a reply")
      .integer("total_timeout_ms", d.total_timeout.count(), 1, kHour, "longest a whole request may take")
      .integer("max_response_bytes", static_cast<std::int64_t>(d.max_response_bytes), 1, 64 * 1024 * 1024,
               "largest reply body accepted")
      .integer("max_redirects", d.max_redirects, 0, 20, "HTTP redirects followed")
      .boolean("verify_tls", true, "verify HTTPS certificates against the system store")
      .string("user_agent", std::string("corrent/") + std::string(kVersion), "User-Agent header")
      .string("proxy", "", "socks5://[user:pass@]host:port: announce and scrape through this SOCKS5 proxy");
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<tracker::TrackerProtocol>> {
    CORRENT_TRY(auto settings, read_settings(context.config));
    return std::make_unique<tracker_http::HttpTracker>(context.executor, std::move(settings));
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_tracker("tracker_http", factory, std::move(schema));
}

}  // namespace corrent::plugins
