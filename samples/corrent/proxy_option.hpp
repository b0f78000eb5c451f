#pragma once
// --proxy socks5://[user:pass@]host:port (download, seed): every outgoing connection
// through a SOCKS5 proxy, and nothing that cannot go through one.

#include <optional>
#include <string>
#include <vector>

#include "cli_args.hpp"
#include "corrent/net/socks5.hpp"

namespace corrent::cli {

/// The proxy of --proxy TEXT. Usage errors as messages naming the flag.
ArgResult<net::ProxySettings> parse_proxy_option(const std::string& text);

/// The plugin settings ("SECTION.KEY=VALUE", applied like --set after the others) that
/// keep every byte on the proxy: HTTP trackers and web seeds through it, UDP trackers
/// through its UDP relay (UDP ASSOCIATE); the DHT and LSD off (they are not proxied, and
/// LSD is multicast).
std::vector<std::string> proxy_plugin_settings(const std::string& url);

}  // namespace corrent::cli
