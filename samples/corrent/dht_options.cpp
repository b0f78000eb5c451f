#include "dht_options.hpp"

#include <nlohmann/json.hpp>

namespace corrent::cli {
namespace {

// Whether the configuration file's "dht" section names its own bootstrap nodes.
bool file_sets_bootstrap(const std::optional<std::string>& config_json) {
  if (!config_json) return false;
  const auto json = nlohmann::json::parse(*config_json, nullptr, false);
  if (!json.is_object()) return false;  // Config::parse reports it
  const auto dht = json.find("dht");
  return dht != json.end() && dht->is_object() && dht->contains("bootstrap_nodes");
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

}  // namespace

void add_dht_options(CLI::App& cmd, DhtOptions& options) {
  options.public_by_default = true;
  cmd.add_flag("--no-dht", options.off, "do not use the DHT (BEP 5) to find peers");
  std::string routers;
  for (const auto router : kPublicRouters) routers += (routers.empty() ? "" : ", ") + std::string(router);
  cmd.add_option("--dht-bootstrap", options.bootstrap,
                 "join the DHT through this node instead of the public routers (" + routers + "); repeatable")
      ->type_name("HOST:PORT");
  cmd.add_option("--dht-port", options.port,
                 "the DHT's UDP port (default: the listen port, whose UDP socket UDP trackers share)")
      ->type_name("N")
      ->check(CLI::Range(1u, 65535u));
}

ArgResult<void> apply_dht_options(const DhtOptions& options, const std::optional<std::string>& config_json,
                                  Config& config) {
  if (options.off) {
    config.set("dht", "enabled", "false");
    return {};
  }
  for (const auto& node : options.bootstrap) {
    // The plugin checks each node when it is built; a comma would split this one in two.
    if (node.empty() || node.find(',') != std::string::npos) {
      return tl::make_unexpected("--dht-bootstrap " + node + ": expected HOST:PORT");
    }
  }
  if (!options.bootstrap.empty()) {
    config.set("dht", "bootstrap_nodes", joined(options.bootstrap));
  } else if (options.public_by_default && !file_sets_bootstrap(config_json)) {
    config.set("dht", "bootstrap_nodes", joined({kPublicRouters.begin(), kPublicRouters.end()}));
  }
  if (options.port && *options.port != options.listen_port) config.set("dht", "port", std::to_string(*options.port));
  return {};
}

}  // namespace corrent::cli
