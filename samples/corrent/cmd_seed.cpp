// corrent seed FILE.torrent DATA_DIR [--json] [session options]: checks the data in
// DATA_DIR (the folder holding the torrent's file or folder) and seeds it until stopped by
// SIGINT or SIGTERM. Its first line says where it listens ("listening: HOST:PORT").
#include <asio/signal_set.hpp>
#include <asio/this_coro.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "cli_args.hpp"
#include "cli_common.hpp"
#include "engine_runner.hpp"
#include "proxy_option.hpp"
#include "session_options.hpp"

namespace corrent::cli {
namespace {

/// The torrent's files that are not in `data_dir` as the torrent has them: "PATH (missing)"
/// or "PATH (N bytes, the torrent says M)", pad files aside.
std::vector<std::string> missing_files(const metainfo::Metainfo& meta, const std::filesystem::path& data_dir) {
  std::vector<std::string> out;
  for (const auto& file : meta.layout.files()) {
    if (file.pad) continue;
    const auto path = data_dir / file.path;
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::is_regular_file(status)) {
      out.push_back(path.string() + (std::filesystem::exists(status) ? " (not a file)" : " (missing)"));
      continue;
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size != file.size) {
      out.push_back(path.string() + " (" + std::to_string(size) + " bytes, the torrent says " +
                    std::to_string(file.size) + ")");
    }
  }
  return out;
}

std::string joined(const std::vector<std::string>& parts, std::size_t most) {
  std::string text;
  for (std::size_t i = 0; i < parts.size() && i < most; ++i) text += (i == 0 ? "" : ", ") + parts[i];
  if (parts.size() > most) text += " and " + std::to_string(parts.size() - most) + " more";
  return text;
}

struct SeedOptions {
  std::string torrent;
  std::string data_dir;
  bool json = false;
  SessionOptions session;
  PluginOptions plugins;
};

Task<int> seed(SeedOptions options, metainfo::Metainfo meta, engine::SessionSettings settings) {
  auto ex = co_await asio::this_coro::executor;
  asio::signal_set signals(ex, SIGINT, SIGTERM);
  EventPrinter out(choose_output(options.json));
  auto plugins = options.plugins;  // named: GCC 12 and temporaries across a co_await
  auto engine = co_await start_listening(ex, std::move(settings), std::move(plugins), "seed", options.session.bind.empty());
  if (!engine) co_return report_error("seed", engine.error());
  auto& session = *(*engine)->session;
  print_listening(session, out);

  auto stream = session.events().stream(kCommandStreamCapacity, kCommandEvents);
  const std::string name = meta.multi_file ? meta.name : meta.layout.files().front().path;
  const auto missing = missing_files(meta, options.data_dir);
  engine::AddTorrentParams params;
  params.metainfo = std::move(meta);
  params.save_path = options.data_dir;
  params.read_only = true;  // a seed never creates or changes anything in DATA_DIR
  auto added = co_await session.add_torrent(std::move(params));
  if (!added) {
    co_await session.stop();
    co_return report_error("seed", options.torrent + ": " + added.error().message());
  }
  auto result = co_await watch_torrent(session, stream, *added, signals, out, WatchUntil::checked);
  if (result.end == WatchEnd::checked) {
    const auto st = session.status(*added);
    if (st && st->pieces_have == 0 && st->pieces_total > 0) {
      result = {WatchEnd::failed, options.data_dir + " holds none of the torrent's data (looked for " +
                                      (std::filesystem::path(options.data_dir) / name).string() + ")", 0};
    } else {
      if (st && st->pieces_have < st->pieces_total) {
        report_error("seed", "note: " + std::to_string(st->pieces_have) + " of " + std::to_string(st->pieces_total) +
                                 " pieces found; seeding those (a seed downloads nothing)");
      }
      if (!missing.empty()) report_error("seed", "note: not in " + options.data_dir + ": " + joined(missing, 20));
      result = co_await watch_torrent(session, stream, *added, signals, out, WatchUntil::stopped);
    }
  }
  const bool stopped = result.end == WatchEnd::interrupted;
  const auto st = session.status(*added);
  std::string stopped_text = st ? "stopped: " + human_size(st->uploaded) + " uploaded" : std::string("stopped");
  co_await finish_until_stopped(session, stream, signals, out, stopped, st, std::move(stopped_text));
  if (stopped) co_return kExitOk;  // seeding ends only when stopped
  co_return report_error("seed", options.torrent + ": " + result.why);
}

int run_seed(CLI::App& cmd, SeedOptions& options) {
  if (auto config = read_config(cmd, options.plugins); !config) return report_error("seed", config.error());
  // Everything that cannot go through the proxy is off, after --set too: nothing goes around it.
  if (!options.session.proxy.empty()) {
    for (auto& set : proxy_plugin_settings(options.session.proxy)) options.plugins.sets.push_back(std::move(set));
  }
  auto settings = session_settings(options.session);
  options.plugins.dht.listen_port = options.session.port;
  if (!settings) return report_error("seed", settings.error(), kExitUsage);
  auto meta = load_or_report("seed", options.torrent);
  if (!meta) return kExitFailure;
  if (!std::filesystem::is_directory(options.data_dir)) {
    return report_error("seed", options.data_dir + ": not a directory");
  }
  return run_command("seed", [&]() { return seed(options, std::move(*meta), std::move(*settings)); });
}

}  // namespace

Command add_seed_command(CLI::App& app) {
  auto options = std::make_shared<SeedOptions>();
  auto* cmd = app.add_subcommand("seed", "Check a torrent's data and seed it until stopped");
  cmd->add_option("torrent", options->torrent, "the .torrent file")->required();
  cmd->add_option("data_dir", options->data_dir, "the folder holding the torrent's file or folder")->required();
  cmd->add_flag("--json", options->json, "print events as JSON lines (see docs/cli.md)");
  add_session_options(*cmd, options->session);
  add_plugin_options(*cmd, options->plugins);
  add_dht_options(*cmd, options->plugins.dht);
  add_lsd_options(*cmd, options->plugins.lsd);
  add_nat_options(*cmd, options->plugins.nat);
  cmd->footer(std::string("\n") + kResumeHelp);
  return {cmd, [cmd, options] { return run_seed(*cmd, *options); }};
}

}  // namespace corrent::cli
