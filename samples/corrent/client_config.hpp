#pragma once
// The client's configuration file: one JSON object whose "session" section holds the
// session's own settings, by the names of the flags ("port", "max-connections",
// "seed-ratio", ...), and whose other sections are the plugins' (plugin/config.hpp).
// Read from --config FILE, else from the XDG default location when that file exists.
// Flags on the command line win over the file.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "cli_args.hpp"

namespace corrent::cli {

/// The section of the session's own settings.
inline constexpr std::string_view kSessionSection = "session";
/// Its keys: flags of `download` and `seed`, without the "--". A key of a flag the
/// command lacks (seed-ratio for `seed`) is ignored by that command; any other is an error.
inline constexpr std::array<std::string_view, 20> kSessionKeys = {
    "port", "bind", "encryption", "max-upload-slots", "picker", "choker", "max-connections",
    "max-handshakes", "max-connections-per-ip", "seed", "seed-ratio", "seed-time", "timeout",
    "sequential", "no-dht", "dht-port", "no-lsd", "no-upnp", "no-natpmp", "transports"};
/// Largest configuration file read (a configuration is a few hundred bytes).
inline constexpr std::size_t kMaxConfigFileSize = 1024 * 1024;

/// $XDG_CONFIG_HOME/corrent/config.json, else $HOME/.config/corrent/config.json; nullopt
/// without either variable (or with relative values, which XDG says to ignore).
std::optional<std::filesystem::path> default_config_path(const char* xdg_config_home, const char* home);

/// A configuration file split: the session section and the plugins' sections (as JSON text
/// for plugin::Config::parse).
struct ClientConfig {
  nlohmann::json session = nlohmann::json::object();
  std::string plugins = "{}";
};

/// Parses the file's text; `where` names it in errors.
ArgResult<ClientConfig> parse_client_config(std::string_view text, const std::string& where);
/// Reads and parses a file (at most kMaxConfigFileSize bytes).
ArgResult<ClientConfig> read_client_config(const std::filesystem::path& path);

/// Sets each option of `cmd` named by a key of `session` ("port" is --port) and not given
/// on the command line, with the option's own conversion and checks. Errors name `where`
/// and the key: an unknown key, a value that is not a string, number or boolean, or one
/// the option refuses.
ArgResult<void> apply_session_section(CLI::App& cmd, const nlohmann::json& session, const std::string& where);

}  // namespace corrent::cli
