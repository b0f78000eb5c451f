#pragma once
// The flags every engine command (download, seed) shares about its session: where it
// listens (--port, --bind), --transports (transport_option.hpp), --encryption,
// --max-upload-slots and the connection bounds (connection_options.hpp), mapped onto
// engine::SessionSettings.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "cli_args.hpp"
#include "connection_options.hpp"
#include "transport_option.hpp"
#include "corrent/engine/session_settings.hpp"

namespace corrent::cli {

inline constexpr std::uint32_t kDefaultListenPort = 6881;
/// Most upload slots --max-upload-slots takes (libtorrent's unchoke_slots_limit is 8 by
/// default; more than a few hundred only spreads the upload thin).
inline constexpr std::size_t kMaxUploadSlots = 1000;

struct SessionOptions {
  std::uint32_t port = kDefaultListenPort;
  std::string bind;  ///< empty: the default, every address of both families (default_listen)
  std::string encryption = "enabled";
  std::size_t upload_slots = engine::kDefaultUploadSlots;
  std::string picker = engine::SessionSettings{}.picker;
  std::string choker = engine::SessionSettings{}.choker;
  ConnectionOptions connections;
  std::string blocklist;  ///< --blocklist FILE; empty: none
  std::string limit_down;  ///< --limit-down RATE; empty: unlimited
  std::string limit_up;    ///< --limit-up RATE; empty: unlimited
  std::string proxy;       ///< --proxy socks5://...; empty: none
  std::string transports = std::string(kDefaultTransports);  ///< --transports utp,tcp
};

/// Adds --port, --bind, --transports, --encryption, --max-upload-slots, --picker, --choker, the
/// connection bounds, --blocklist, --limit-down, --limit-up and --proxy. With
/// `listen_flags` false, the listen port and address are --listen-port and --listen-bind
/// (`stream`, whose --port and --bind are its HTTP server's).
void add_session_options(CLI::App& cmd, SessionOptions& options, bool listen_flags = true);

/// The settings for `options`: listen addresses (--bind HOST, or default_listen), the
/// transports, the encryption policy, upload slots, connection bounds, the blocklist (read here) and the
/// rate limits.
/// Usage errors, and a blocklist that cannot be used, as messages.
ArgResult<engine::SessionSettings> session_settings(const SessionOptions& options);

/// Without --bind: "[::]:PORT", one dual-stack socket (or an IPv6 and an IPv4 one) taking
/// both families. A machine without IPv6 falls back to ipv4_fallback() with a warning.
std::vector<std::string> default_listen(std::uint32_t port);
/// "0.0.0.0:PORT".
std::vector<std::string> ipv4_fallback(std::uint32_t port);

}  // namespace corrent::cli
