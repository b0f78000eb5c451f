#pragma once
// The engine commands' NAT flags (docs/cli.md): --no-upnp and --no-natpmp. The port
// mappers (plugins/nat_upnp: UPnP IGD; plugins/nat_pmp: NAT-PMP and PCP) talk to the LAN's
// gateway, so they are not in the standard bundle (whose users, tests among them, may not
// want traffic to the LAN): the client registers them itself, both on for download, seed
// and stream as in libtorrent and WebTorrent, off for demo (a swarm on loopback).

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "corrent/plugin/config.hpp"

namespace corrent::cli {

struct NatOptions {
  bool no_upnp = false;    ///< --no-upnp
  bool no_natpmp = false;  ///< --no-natpmp
  /// Whether the mappers run unless turned off: set by add_nat_options; the demo leaves
  /// it false.
  bool on_by_default = false;
};

/// Adds --no-upnp and --no-natpmp to `cmd`, filling `options`.
void add_nat_options(CLI::App& cmd, NatOptions& options);

/// Disables the "nat_upnp" and "nat_pmp" sections of `config` that are not on.
void apply_nat_options(const NatOptions& options, Config& config);

/// Whether every listen address (SessionSettings::listen: "HOST:PORT", "[V6]:PORT") is a
/// loopback one, so that no gateway can forward to it. False for an empty list.
[[nodiscard]] bool listens_on_loopback_only(const std::vector<std::string>& listen);

/// Disables both port mappers in `config`.
void disable_port_mappers(Config& config);

}  // namespace corrent::cli
