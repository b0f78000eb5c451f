#include "nat_options.hpp"

#include <algorithm>

#include "corrent/net/endpoint.hpp"

namespace corrent::cli {

void add_nat_options(CLI::App& cmd, NatOptions& options) {
  options.on_by_default = true;
  cmd.add_flag("--no-upnp", options.no_upnp,
               "do not map our ports on the gateway with UPnP IGD (on by default, as in libtorrent)");
  cmd.add_flag("--no-natpmp", options.no_natpmp,
               "do not map our ports on the gateway with NAT-PMP or PCP (on by default)");
}

void apply_nat_options(const NatOptions& options, Config& config) {
  if (options.no_upnp || !options.on_by_default) config.set("nat_upnp", "enabled", "false");
  if (options.no_natpmp || !options.on_by_default) config.set("nat_pmp", "enabled", "false");
}

bool listens_on_loopback_only(const std::vector<std::string>& listen) {
  if (listen.empty()) return false;
  return std::all_of(listen.begin(), listen.end(), [](const std::string& text) {
    const auto colon = text.rfind(':');
    return net::is_loopback_host(std::string_view(text).substr(0, colon == std::string::npos ? text.size() : colon));
  });
}

void disable_port_mappers(Config& config) {
  config.set("nat_upnp", "enabled", "false");
  config.set("nat_pmp", "enabled", "false");
}

}  // namespace corrent::cli
