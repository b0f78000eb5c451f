#include "dht_options.hpp"

#include <nlohmann/json.hpp>

#include "corrent/metainfo/info_hash.hpp"
#include "corrent/storage/resume_data.hpp"

namespace corrent::cli {
namespace {

// Whether the configuration file's "dht" section sets `key`.
bool file_sets(const std::optional<std::string>& config_json, const char* key) {
  if (!config_json) return false;
  const auto json = nlohmann::json::parse(*config_json, nullptr, false);
  if (!json.is_object()) return false;  // Config::parse reports it
  const auto dht = json.find("dht");
  return dht != json.end() && dht->is_object() && dht->contains(key);
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

}  // namespace

std::string public_routers(std::string_view separator) {
  std::string out;
  for (const auto router : kPublicRouters) {
    if (!out.empty()) out.append(separator);
    out.append(router);
  }
  return out;
}

std::filesystem::path default_dht_state_file() {
  // The resume folder's parent: one XDG rule for all the client's state
  // ($XDG_STATE_HOME/corrent/resume/<hex>.resume, storage::default_resume_path).
  return storage::default_resume_path(metainfo::InfoHash{}).parent_path().parent_path() / "dht.dat";
}

void add_dht_options(CLI::App& cmd, DhtOptions& options) {
  options.public_by_default = true;
  cmd.add_flag("--no-dht", options.off, "do not use the DHT (BEP 5) to find peers");
  cmd.add_option("--dht-bootstrap", options.bootstrap,
                 "join the DHT through this node instead of the public routers (" + public_routers(", ") +
                     "); repeatable")
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
  } else if (options.public_by_default && !file_sets(config_json, "bootstrap_nodes")) {
    config.set("dht", "bootstrap_nodes", public_routers(","));
  }
  if (options.port && *options.port != options.listen_port) config.set("dht", "port", std::to_string(*options.port));
  // The routing table outlives the process (a restart rejoins without the routers) unless
  // the file names its own place (or "" for none); --set dht.state_file=... wins too.
  if (!file_sets(config_json, "state_file")) config.set("dht", "state_file", default_dht_state_file().string());
  return {};
}

}  // namespace corrent::cli
