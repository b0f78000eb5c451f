#pragma once
// The configuration of `corrent-tracker check`: which trackers and URLs to check. The
// format is the torrust tracker checker's (torrust-tracker, console/tracker-client):
//
//   { "udp_trackers":  ["tracker.example.org:6969", "udp://t.example:1337/announce"],
//     "http_trackers": ["http://tracker.example.org:8080", "https://t.example/ann"],
//     "health_checks": ["http://tracker.example.org:8080/health"] }
//
// Every key is optional (a missing list is empty); other keys are errors. It comes from a
// file, or from the environment as torrust's checker reads it (see load_check_config).

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace corrent::tracker_cli {

/// The environment variable that may hold the check configuration itself (JSON text).
inline constexpr const char* kCheckConfigEnv = "CORRENT_TRACKER_CHECK_CONFIG";
/// The torrust tracker checker's variables: the path of a configuration file, and the
/// configuration itself (JSON text).
inline constexpr const char* kTorrustConfigPathEnv = "TORRUST_CHECKER_CONFIG_PATH";
inline constexpr const char* kTorrustConfigEnv = "TORRUST_CHECKER_CONFIG";

/// A UDP tracker to check: host name or address, and port.
struct HostPort {
  std::string host;  ///< without the brackets of an IPv6 literal
  std::uint16_t port = 0;
  /// "host:port", or "[v6]:port".
  [[nodiscard]] std::string to_string() const;
};

/// The announce and scrape URLs of an HTTP tracker entry.
struct HttpTrackerUrls {
  std::string announce;
  /// The scrape URL by BEP 48's rule; empty when the announce URL does not allow one.
  std::string scrape;
};

/// A udp_trackers entry: as written, and the address it names.
struct UdpTrackerEntry {
  std::string entry;
  HostPort address;
};

/// What to check.
struct CheckConfig {
  std::vector<UdpTrackerEntry> udp_trackers;
  std::vector<std::string> http_trackers;  ///< as written in the configuration
  std::vector<std::string> health_checks;

  [[nodiscard]] bool empty() const {
    return udp_trackers.empty() && http_trackers.empty() && health_checks.empty();
  }
};

/// Parses the configuration; the error names the key (and element) that is wrong.
tl::expected<CheckConfig, std::string> parse_check_config(std::string_view json);

/// Reads the first of: the file `path` (when not empty); the JSON in $kCheckConfigEnv;
/// the file in $kTorrustConfigPathEnv; the JSON in $kTorrustConfigEnv. Errors name the
/// file or the variable.
tl::expected<CheckConfig, std::string> load_check_config(const std::filesystem::path& path);

/// "HOST:PORT" or "[V6]:PORT" with a port in 1..65535; the error says what is wrong.
tl::expected<HostPort, std::string> parse_host_port(std::string_view text);

/// A udp_trackers entry in any of the torrust checker's forms: HOST:PORT, with or without
/// "udp://" before it and a path after it ("/", "/announce"), which is ignored.
tl::expected<HostPort, std::string> parse_udp_tracker(std::string_view text);

/// The URLs of an http_trackers entry: a URL without a path (or with just "/") gets
/// "/announce" and "/scrape"; any other URL is the announce URL itself, and its scrape URL
/// follows BEP 48 (empty when there is none).
HttpTrackerUrls http_tracker_urls(std::string_view url);

}  // namespace corrent::tracker_cli
