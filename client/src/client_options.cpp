// ClientOptions onto the session's settings and the plugins' configuration.
#include "client_options_map.hpp"

#include <system_error>

#include "corrent/core/encoding.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/ip_filter_file.hpp"

namespace corrent::client::detail {

namespace {

ClientResult<std::shared_ptr<const net::IpFilter>> load_blocklist(const std::filesystem::path& path) {
  net::IpFilterLimits limits;
  limits.max_file_size = kMaxBlocklistBytes;
  auto parsed = net::load_ip_filter(path, limits);
  if (parsed) return std::make_shared<const net::IpFilter>(std::move(parsed->filter));
  const auto why = parsed.error();
  if (why == std::errc::no_such_file_or_directory) return client_fail(errc::file_not_found, path.string(), why);
  if (why == net::ip_filter_errc::file_too_large) return client_fail(errc::too_large, path.string(), why);
  if (why.category() == std::system_category() || why.category() == std::generic_category()) {
    return client_fail(errc::storage, path.string(), why);
  }
  return client_fail(errc::invalid_option, "blocklist " + path.string(), why);
}

}  // namespace

ClientResult<engine::SessionSettings> make_settings(const ClientOptions& options) {
  if (options.listen_host.empty()) return client_fail(errc::invalid_option, "listen_host is empty");
  engine::SessionSettings settings;
  settings.listen = {options.listen_host + ":" + std::to_string(options.torrent_port)};
  // As libtorrent and WebTorrent: uTP first, TCP when the peer does not answer it.
  settings.transports = options.utp ? std::vector<std::string>{"utp", "tcp"} : std::vector<std::string>{"tcp"};
  settings.max_connections = options.max_connections;
  settings.peer_id = options.peer_id;
  settings.seed_outgoing_connections = options.seed_outgoing_connections;
  settings.rate_limits = {options.download_limit, options.upload_limit};
  if (options.blocklist) {
    auto filter = load_blocklist(*options.blocklist);
    if (!filter) return tl::make_unexpected(filter.error());
    settings.ip_filter = std::move(*filter);
  }
  if (const auto* dir = std::get_if<DirectoryStorage>(&options.storage)) {
    settings.storage = "storage_file";
    settings.resume_dir = dir->path / ".corrent";
  } else {
    settings.storage = "storage_memory";
    settings.use_resume = false;  // nothing to resume: the data is gone with the process
  }
  return settings;
}

Config make_config(const ClientOptions& options) {
  Config config;
  // The implicit "enabled" key of every section (plugin/config_section.hpp).
  const auto enable = [&config](const char* section, bool on) {
    config.set(section, "enabled", on ? "true" : "false");
  };
  enable("dht", options.dht);
  enable("lsd", options.lsd);
  enable("ut_pex", options.pex);
  enable("webseed", options.web_seeds);
  enable("transport_utp", options.utp);
  // No gateway can forward to a loopback address: the port mappers stay off there.
  const bool mappable = !net::is_loopback_host(options.listen_host);
  enable("nat_upnp", options.upnp && mappable);
  enable("nat_pmp", options.nat_pmp && mappable);
  if (options.dht_port != 0) config.set("dht", "port", std::to_string(options.dht_port));
  if (options.dht_node_id) config.set("dht", "node_id", to_hex(*options.dht_node_id));
  return config;
}

}  // namespace corrent::client::detail
