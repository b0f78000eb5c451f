#pragma once
// What the commands of corrent-tracker share: exit codes, the one-line error format, the
// options every network command takes, info-hash parsing and the choice between JSON and
// text output.

#include <CLI/CLI.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "corrent/metainfo/info_hash.hpp"

namespace corrent::tracker_cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  ///< the tracker failed, timed out or refused
inline constexpr int kExitUsage = 2;    ///< the command line (or the check config) is wrong

/// Default for --timeout, in seconds.
inline constexpr double kDefaultTimeoutSeconds = 10;

/// The program's name decides its defaults: corrent-tracker, or one of the torrust tools it
/// stands in for (the install makes these names links to it).
enum class Program { corrent_tracker, udp_tracker_client, http_tracker_client, tracker_checker };

/// The program named by argv[0]'s file name; corrent_tracker for any other name.
Program program_of(std::string_view argv0);

/// What the commands print: text for people, corrent's JSON (keys in docs/cli.md), or the
/// torrust tools' JSON (torrust_output.hpp), indented or on one line.
enum class OutputFormat { text, json, torrust, torrust_compact };

/// A subcommand: its parser, and what runs once the command line has been parsed.
struct Command {
  CLI::App* parser = nullptr;
  std::function<int()> run;
};

/// Options of every command that talks to trackers.
struct CommonOptions {
  double timeout_seconds = kDefaultTimeoutSeconds;
  bool timeout_given = false;  ///< --timeout was on the command line
  std::string config_path;  ///< plugin configuration (JSON); empty: defaults
  /// --json or --format; text unless given (torrust under the torrust tools' names).
  OutputFormat format = OutputFormat::text;

  [[nodiscard]] std::chrono::milliseconds timeout() const;
  /// corrent's JSON: --json or --format json.
  [[nodiscard]] bool want_json() const { return format == OutputFormat::json; }
  /// torrust's JSON: --format torrust, pretty or compact.
  [[nodiscard]] bool want_torrust() const {
    return format == OutputFormat::torrust || format == OutputFormat::torrust_compact;
  }
  /// How to indent JSON: 2 spaces, or -1 (one line) for --format compact.
  [[nodiscard]] int json_indent() const { return format == OutputFormat::torrust_compact ? -1 : 2; }
};

/// "no answer within 2.5 s (--timeout)": the error of a request that ran out of time.
std::string no_answer_text(const CommonOptions& options);

/// Adds --timeout, --config, --json and --format to `sub`.
void add_common_options(CLI::App& sub, CommonOptions& options);

/// The subcommands; `program` sets their defaults (udp_tracker_client: a bare HOST:PORT is
/// a UDP tracker; the torrust names: --format torrust).
Command add_announce_command(CLI::App& app, Program program = Program::corrent_tracker);
Command add_scrape_command(CLI::App& app, Program program = Program::corrent_tracker);
Command add_check_command(CLI::App& app);

/// The whole program when run as `tracker_checker`: torrust's checker's command line
/// (`[-c|--config-path FILE] [CONFIG_JSON]`, or TORRUST_CHECKER_CONFIG_PATH /
/// TORRUST_CHECKER_CONFIG) and its report; exit 0 once the report is printed, as there.
int run_tracker_checker(int argc, char** argv);

/// The URL a command of `program` uses for `url`: udp_tracker_client takes "HOST:PORT"
/// without a scheme, as torrust's does, and makes it "udp://HOST:PORT".
std::string tracker_url_for(Program program, const std::string& url);

/// Prints "corrent-tracker: <what>: <why>" on stderr and returns `code`.
int report_error(std::string_view what, std::string_view why, int code = kExitFailure);

/// The URL to send `endpoint` ("announce" or "scrape") to: an http(s) URL that is only a
/// base ("http://127.0.0.1:7070", or with "/" as its path) gets "/announce" or "/scrape",
/// as torrust's clients do; a URL with a path of its own, and a udp:// URL, stay as given.
std::string with_default_path(const std::string& url, std::string_view endpoint);

/// 40 hex digits or 32 base32 characters, either case; nullopt otherwise.
std::optional<metainfo::InfoHash> parse_info_hash(std::string_view text);

/// A random info-hash (for checks of trackers that accept any torrent).
metainfo::InfoHash random_info_hash();

}  // namespace corrent::tracker_cli
