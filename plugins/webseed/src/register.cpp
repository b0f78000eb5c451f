// The only file of the webseed plugin that reads configuration (STYLE.md rule 9).
#include <chrono>
#include <cstdint>
#include <memory>

#include "corrent/net/socks5.hpp"
#include "corrent/plugins/webseed.hpp"
#include "corrent/registry/registry.hpp"
#include "webseed_limits.hpp"
#include "webseed_service.hpp"

namespace corrent::plugins {
namespace {

// Bounds of the section (ours): enough room for tests (short delays) and slow mirrors,
// none that turns a dead server into a busy loop or a stalled piece into an endless one.
constexpr std::int64_t kMinRetries = 1;
constexpr std::int64_t kMaxRetries = 10;
constexpr std::int64_t kMinDelayMs = 100;
constexpr std::int64_t kMinRequestTimeoutMs = 1'000;
constexpr std::int64_t kMaxRequestTimeoutMs = 120'000;

std::int64_t ms(std::chrono::milliseconds d) { return d.count(); }

Result<webseed::WebSeedSettings> read_settings(const ConfigSection& config) {
  const webseed::WebSeedSettings d;
  webseed::WebSeedSettings s;
  CORRENT_TRY(const auto retries, config.get_int("max_retries", d.fetch.max_retries, kMinRetries, kMaxRetries));
  CORRENT_TRY(const auto retry_delay, config.get_int("retry_delay_ms", ms(d.fetch.retry_delay), kMinDelayMs,
                                                     ms(webseed::kMaxRetryDelay)));
  CORRENT_TRY(const auto timeout, config.get_int("request_timeout_ms", ms(d.fetch.request_timeout),
                                                 kMinRequestTimeoutMs, kMaxRequestTimeoutMs));
  CORRENT_TRY(const auto readopt, config.get_int("readopt_delay_ms", ms(d.readopt_delay), kMinDelayMs,
                                                 ms(webseed::kMaxReadoptDelay)));
  s.fetch.max_retries = static_cast<std::uint32_t>(retries);
  s.fetch.retry_delay = std::chrono::milliseconds(retry_delay);
  s.fetch.request_timeout = std::chrono::milliseconds(timeout);
  s.readopt_delay = std::chrono::milliseconds(readopt);
  CORRENT_TRY(const auto proxy, config.get_string("proxy", ""));
  if (!proxy.empty()) {
    CORRENT_TRY(s.fetch.proxy, net::parse_proxy_url(proxy));
  }
  return s;
}

}  // namespace

void register_webseed(Registry& registry) {
  const webseed::WebSeedSettings d;
  ConfigSchema schema;
  schema
      .integer("max_retries", d.fetch.max_retries, kMinRetries, kMaxRetries,
               "attempts per piece before a web seed's stream ends")
      .integer("retry_delay_ms", ms(d.fetch.retry_delay), kMinDelayMs, ms(webseed::kMaxRetryDelay),
               "first wait between two attempts of a piece, doubled each time")
      .integer("request_timeout_ms", ms(d.fetch.request_timeout), kMinRequestTimeoutMs, kMaxRequestTimeoutMs,
               "bound of one HTTP request to a web seed (libtorrent's urlseed_timeout: 20 s)")
      .integer("readopt_delay_ms", ms(d.readopt_delay), kMinDelayMs, ms(webseed::kMaxReadoptDelay),
               "first wait before a web seed whose stream ended is used again (libtorrent's "
               "urlseed_wait_retry: 30 s), doubled while it fails")
      .string("proxy", "", "socks5://[user:pass@]host:port: fetch through this SOCKS5 proxy (empty: directly)");
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<Service>> {
    CORRENT_TRY(auto settings, read_settings(context.config));
    return std::unique_ptr<Service>(std::make_unique<webseed::WebSeedService>(context.executor, settings));
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_service("webseed", factory, std::move(schema));
}

}  // namespace corrent::plugins
