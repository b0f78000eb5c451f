#pragma once
// The engine commands' connection bounds: --max-connections (the whole session),
// --max-handshakes (inbound connections still in their handshake) and
// --max-connections-per-ip, mapped onto engine::SessionSettings (docs/cli.md).

#include <CLI/CLI.hpp>

#include <cstddef>

#include "corrent/engine/session_settings.hpp"

namespace corrent::cli {

struct ConnectionOptions {
  std::size_t max_connections = engine::kMaxConnections;
  std::size_t max_handshakes = engine::kMaxHandshakes;
  std::size_t max_per_ip = engine::kMaxConnectionsPerAddress;
};

/// Adds the three flags to `cmd`, filling `options`.
void add_connection_options(CLI::App& cmd, ConnectionOptions& options);

/// Copies the bounds into `settings`.
void apply_connection_options(const ConnectionOptions& options, engine::SessionSettings& settings);

}  // namespace corrent::cli
