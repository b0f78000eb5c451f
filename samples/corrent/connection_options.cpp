#include "connection_options.hpp"

#include <string>

namespace corrent::cli {

void add_connection_options(CLI::App& cmd, ConnectionOptions& options) {
  const auto range = CLI::Range(std::size_t{1}, std::size_t{100000});
  cmd.add_option("--max-connections", options.max_connections,
                 "connections of the whole session, in and out (default " +
                     std::to_string(engine::kMaxConnections) +
                     "; lowered to what the descriptor limit allows)")
      ->check(range);
  cmd.add_option("--max-handshakes", options.max_handshakes,
                 "inbound connections still in their handshake (default " +
                     std::to_string(engine::kMaxHandshakes) + "); past it the oldest is closed")
      ->check(range);
  cmd.add_option("--max-connections-per-ip", options.max_per_ip,
                 "connections from or to one IP address (default " +
                     std::to_string(engine::kMaxConnectionsPerAddress) + ")")
      ->check(range);
}

void apply_connection_options(const ConnectionOptions& options, engine::SessionSettings& settings) {
  settings.max_connections = options.max_connections;
  settings.max_handshakes = options.max_handshakes;
  settings.max_connections_per_address = options.max_per_ip;
}

}  // namespace corrent::cli
