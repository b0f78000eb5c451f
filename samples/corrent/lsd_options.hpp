#pragma once
// The engine commands' LSD flag (docs/cli.md): --no-lsd. Local Service Discovery (BEP 14,
// plugins/lsd) multicasts each torrent's info-hash to the LAN, so it is not in the
// standard bundle (whose users, tests among them, may not want traffic to the LAN): the
// client registers it itself, on for download and seed as in libtorrent, off for demo.

#include <CLI/CLI.hpp>

#include "corrent/plugin/config.hpp"

namespace corrent::cli {

struct LsdOptions {
  bool off = false;  ///< --no-lsd
  /// Whether LSD runs unless --no-lsd: set by add_lsd_options (download and seed); the
  /// demo, a swarm on loopback, leaves it false.
  bool on_by_default = false;
};

/// Adds --no-lsd to `cmd`, filling `options`.
void add_lsd_options(CLI::App& cmd, LsdOptions& options);

/// Disables the "lsd" section of `config` unless LSD is on.
void apply_lsd_options(const LsdOptions& options, Config& config);

}  // namespace corrent::cli
