// The only file of the dht plugin that reads configuration (STYLE.md rule 9).
#include <cstdint>
#include <memory>
#include <string>

#include "bootstrap_nodes.hpp"
#include "corrent/plugin/error.hpp"
#include "corrent/plugins/dht.hpp"
#include "corrent/registry/registry.hpp"
#include "dht_discovery.hpp"

namespace corrent::plugins {
namespace {

constexpr std::int64_t kMinIntervalMs = 1'000;
constexpr std::int64_t kMaxIntervalMs = 24 * 3'600'000;
constexpr std::int64_t kMinTimeoutMs = 10;
constexpr std::int64_t kMaxTimeoutMs = 60'000;
// The per-source limit may be raised (many honest nodes behind one address, as in tests on
// 127.0.0.1) but never switched off.
constexpr std::int64_t kMinDatagramsPerSource = 1;
constexpr std::int64_t kMaxDatagramsPerSource = 1'000'000;

Result<dht::DhtSettings> read_settings(const ConfigSection& config) {
  const dht::DhtSettings d;
  dht::DhtSettings s;
  CORRENT_TRY(const auto texts, config.get_strings("bootstrap_nodes"));
  CORRENT_TRY(auto nodes, dht::parse_bootstrap_nodes(texts));
  s.bootstrap = std::move(nodes.numeric);
  s.bootstrap_hosts = std::move(nodes.named);
  CORRENT_TRY(const auto port, config.get_int("port", 0, 0, 65535));
  CORRENT_TRY(const auto interval, config.get_int("announce_interval_ms", d.announce_interval.count(),
                                                  kMinIntervalMs, kMaxIntervalMs));
  CORRENT_TRY(const auto timeout,
              config.get_int("query_timeout_ms", d.query_timeout.count(), kMinTimeoutMs, kMaxTimeoutMs));
  CORRENT_TRY(const auto enforce, config.get_bool("enforce_node_id", d.enforce_node_id));
  CORRENT_TRY(const auto restrict_ips, config.get_bool("restrict_search_ips", d.one_candidate_per_ip));
  CORRENT_TRY(const auto per_source, config.get_int("max_datagrams_per_source", d.max_datagrams_per_source,
                                                    kMinDatagramsPerSource, kMaxDatagramsPerSource));
  s.port = static_cast<std::uint16_t>(port);
  s.announce_interval = std::chrono::milliseconds(interval);
  s.query_timeout = std::chrono::milliseconds(timeout);
  s.enforce_node_id = enforce;
  s.one_candidate_per_ip = restrict_ips;
  s.max_datagrams_per_source = static_cast<std::uint32_t>(per_source);
  CORRENT_TRY(const auto read_only, config.get_bool("read_only", d.read_only));
  s.read_only = read_only;
  CORRENT_TRY(const auto state_file, config.get_string("state_file", ""));
  s.state_file = state_file;
  CORRENT_TRY(const auto node_id, config.get_string("node_id", ""));
  if (!node_id.empty()) {
    s.node_id = dht::NodeId::from_hex(node_id);
    if (!s.node_id) return corrent::fail(corrent::plugin::errc::out_of_range);  // not 40 hex characters
  }
  return s;
}

}  // namespace

void register_dht(Registry& registry) {
  const dht::DhtSettings d;
  ConfigSchema schema;
  schema.strings("bootstrap_nodes", {}, "nodes to join the DHT through, HOST:PORT (e.g. router.bittorrent.com:6881)")
      .integer("port", 0, 0, 65535, "0: the session's UDP socket (or our own on any port without one); else our own")
      .integer("announce_interval_ms", d.announce_interval.count(), kMinIntervalMs, kMaxIntervalMs,
               "how often each torrent's get_peers and announce_peer are repeated (libtorrent: 15 min)")
      .integer("query_timeout_ms", d.query_timeout.count(), kMinTimeoutMs, kMaxTimeoutMs,
               "how long a query of ours waits for its reply")
      .boolean("enforce_node_id", d.enforce_node_id, "add only nodes whose id matches their address (BEP 42)")
      .boolean("restrict_search_ips", d.one_candidate_per_ip,
               "a lookup asks one node per IP address (libtorrent's dht_restrict_search_ips); off only where "
               "many honest nodes share an address, as on 127.0.0.1")
      .integer("max_datagrams_per_source", d.max_datagrams_per_source, kMinDatagramsPerSource,
               kMaxDatagramsPerSource,
               "datagrams one address may send per counting window before the rest are dropped unanswered")
      .boolean("read_only", d.read_only,
               "BEP 43: our queries say read-only and we answer none (libtorrent's dht_read_only)")
      .string("state_file", "",
              "where the routing table is saved at shutdown and restored from at start; empty: nowhere")
      .string("node_id", "", "our node id, 40 hex characters, kept as it is (not re-derived per BEP 42); empty: saved or random");
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<Discovery>> {
    CORRENT_TRY(auto settings, read_settings(context.config));
    CORRENT_TRY(auto plugin, dht::DhtDiscovery::create(context.executor, std::move(settings), context.datagrams));
    return std::unique_ptr<Discovery>(std::move(plugin));
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_discovery("dht", factory, std::move(schema));
}

}  // namespace corrent::plugins
