#pragma once
// The engine commands' plugin flags: --plugin LIBRARY (repeatable) loads a shared-library
// plugin (registry/abi.hpp) into the registry before the session is built; --config FILE and
// --set SECTION.KEY=VALUE (repeatable) give the plugins their configuration
// (plugin/config.hpp), --set winning over the file. The file's "session" section holds the
// session's own settings (client_config.hpp).

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "cli_args.hpp"
#include "dht_options.hpp"
#include "lsd_options.hpp"
#include "nat_options.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/plugins/stream_http.hpp"
#include "corrent/registry/registry.hpp"

namespace corrent::cli {

struct PluginOptions {
  std::vector<std::string> libraries;  ///< --plugin, in the order given
  std::string config_file;             ///< --config; empty: none
  std::vector<std::string> sets;       ///< --set SECTION.KEY=VALUE, checked by the parser
  /// The plugins' sections of the configuration file, once read_config() has read it
  /// (the file's "session" section taken out); `config_where` names the file.
  std::optional<std::string> config_json;
  std::string config_where;
  /// The DHT flags (download and seed add them), applied after the file, before --set.
  DhtOptions dht;
  /// The LSD flag (download and seed add it), applied with the DHT flags.
  LsdOptions lsd;
  /// The NAT flags (download, seed and stream add them), applied with the LSD flag.
  NatOptions nat;
  /// `stream` and `download --serve`: the stream_http plugin is registered (it is not in
  /// the standard bundle), and tells `serve_observer` where it listens.
  bool serve = false;
  plugins::StreamHttpObserver serve_observer;
};

/// Adds --plugin, --config and --set to `cmd`, filling `options`.
void add_plugin_options(CLI::App& cmd, PluginOptions& options);

/// Reads the configuration file (client_config.hpp): --config FILE, else the XDG default
/// location if that file exists. Its "session" section sets the options of `cmd` not
/// given on the command line; the rest is kept for the plugins. Errors name the file.
ArgResult<void> read_config(CLI::App& cmd, PluginOptions& options);

/// Loads the libraries into `registry` (after the built-in plugins, so their extensions
/// get the next local ids; a plugin named like a built-in of its kind replaces it, keeping
/// its id, and stderr says so) and builds the configuration: the file, then the DHT, LSD and NAT flags,
/// then --set. Errors name the library, file or flag.
ArgResult<void> apply_plugin_options(const PluginOptions& options, Registry& registry, Config& config);

}  // namespace corrent::cli
