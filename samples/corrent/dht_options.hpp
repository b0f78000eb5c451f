#pragma once
// The engine commands' DHT flags (docs/cli.md): --no-dht, --dht-bootstrap HOST:PORT
// (repeatable) and --dht-port N, mapped onto the "dht" plugin's configuration section
// (plugins/dht/include/corrent/plugins/dht.hpp). Without --dht-bootstrap, and unless the
// configuration file lists its own "bootstrap_nodes", the client joins the public DHT
// through kPublicRouters, as libtorrent and Transmission do; the plugin's own default (a
// library's) stays empty. The routing table is kept across runs in
// default_dht_state_file() unless the configuration file's "dht" section sets
// "state_file".

#include <CLI/CLI.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli_args.hpp"
#include "corrent/plugin/config.hpp"

namespace corrent::cli {

/// libtorrent's default dht_bootstrap_nodes (settings_pack.cpp, 2.0), the routers the
/// public mainline DHT is usually joined through.
inline constexpr std::array<std::string_view, 4> kPublicRouters = {
    "dht.libtorrent.org:25401", "router.bittorrent.com:6881", "router.utorrent.com:6881",
    "dht.transmissionbt.com:6881"};

/// kPublicRouters joined by `separator`: "," for the "dht" section's bootstrap_nodes,
/// ", " for help texts.
std::string public_routers(std::string_view separator);

struct DhtOptions {
  bool off = false;                    ///< --no-dht
  std::vector<std::string> bootstrap;  ///< --dht-bootstrap, in the order given
  std::optional<std::uint32_t> port;   ///< --dht-port
  /// Whether kPublicRouters are the default bootstrap nodes: set by add_dht_options (the
  /// download and seed commands); the demo, a swarm on loopback, leaves it false.
  bool public_by_default = false;
  /// The session's listen port (--port), set by the command once its flags are parsed: a
  /// --dht-port equal to it means the session's shared socket, as no --dht-port does.
  std::uint32_t listen_port = 0;
};

/// $XDG_STATE_HOME/corrent/dht.dat (~/.local/state/corrent/dht.dat without it): beside
/// the resume folder (storage::default_resume_path).
[[nodiscard]] std::filesystem::path default_dht_state_file();

/// Adds --no-dht, --dht-bootstrap and --dht-port to `cmd`, filling `options`.
void add_dht_options(CLI::App& cmd, DhtOptions& options);

/// Sets the "dht" section of `config` from `options`. `config_json` is the configuration
/// file's plugin sections, if one was read: a "bootstrap_nodes" there wins over
/// kPublicRouters, a "state_file" over default_dht_state_file(). Errors as messages.
ArgResult<void> apply_dht_options(const DhtOptions& options, const std::optional<std::string>& config_json,
                                  Config& config);

}  // namespace corrent::cli
