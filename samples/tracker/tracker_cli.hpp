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
  bool json = false;        ///< --json: JSON; otherwise text, as `corrent` does

  [[nodiscard]] std::chrono::milliseconds timeout() const;
  /// --json given, or stdout is not a terminal.
  [[nodiscard]] bool want_json() const;
};

/// "no answer within 2.5 s (--timeout)": the error of a request that ran out of time.
std::string no_answer_text(const CommonOptions& options);

/// Adds --timeout, --config and --json to `sub`.
void add_common_options(CLI::App& sub, CommonOptions& options);

Command add_announce_command(CLI::App& app);
Command add_scrape_command(CLI::App& app);
Command add_check_command(CLI::App& app);

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
