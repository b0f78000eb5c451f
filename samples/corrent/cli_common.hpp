#pragma once
// What the commands of the corrent client share: exit codes, the one-line error format,
// and loading a .torrent with a message fit for people.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "corrent/metainfo/metainfo.hpp"

namespace corrent::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  ///< the command could not do its job
inline constexpr int kExitUsage = 2;    ///< the command line is wrong
/// Stopped by SIGINT or SIGTERM before the job was done (128 + SIGINT, as shells report).
inline constexpr int kExitInterrupted = 130;

/// Where resume data lives, for --help (storage::default_resume_path says the same).
inline constexpr const char* kResumeHelp =
    "Resume data: $XDG_STATE_HOME/corrent/resume/<info-hash>.resume (without XDG_STATE_HOME:\n"
    "~/.local/state/corrent/resume/), with a .lock beside it while a process uses it.";
/// The exit codes, for --help (docs/cli.md has the same table).
inline constexpr const char* kExitCodesHelp =
    "Exit codes:\n"
    "  0   success (also --help and --version)\n"
    "  1   the command failed (one line on stderr says what and why)\n"
    "  2   usage error: an unknown command or option, a bad value\n"
    "  130 download or demo stopped by SIGINT or SIGTERM before the job was done";

/// A subcommand: its parser, and what runs once the command line has been parsed.
struct Command {
  CLI::App* parser = nullptr;
  std::function<int()> run;
};

Command add_info_command(CLI::App& app);
Command add_create_command(CLI::App& app);
Command add_magnet_command(CLI::App& app);
Command add_peer_command(CLI::App& app);
Command add_download_command(CLI::App& app);
Command add_seed_command(CLI::App& app);
Command add_demo_command(CLI::App& app);
Command add_dht_command(CLI::App& app);
Command add_stream_command(CLI::App& app);

/// Prints "corrent: <what>: <why>" on stderr and returns `code`.
int report_error(std::string_view what, std::string_view why, int code = kExitFailure);

/// Reads and parses a .torrent; on failure reports "corrent: <command>: <path>: <why>" and
/// returns nullopt.
std::optional<metainfo::Metainfo> load_or_report(std::string_view command, const std::filesystem::path& path);

/// "1.5 MiB", "512 KiB", "17 B".
std::string human_size(std::uint64_t bytes);
/// Unix time as ISO 8601 UTC ("2024-05-01T12:00:00Z"); the number itself if out of range.
std::string iso8601_utc(std::int64_t unix_time);

}  // namespace corrent::cli
