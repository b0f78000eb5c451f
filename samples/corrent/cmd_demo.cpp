// corrent demo [--size BYTES] [--dir DIR] [--json] [--timeout S]: makes a payload, seeds it
// from one session and downloads it with another over loopback, shows the progress, and
// checks that the downloaded bytes are the original ones. Exits 0 only if they are.
#include <asio/signal_set.hpp>
#include <asio/this_coro.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "cli_common.hpp"
#include "corrent/metainfo/creator.hpp"
#include "demo_payload.hpp"
#include "engine_runner.hpp"
#include "event_json.hpp"

namespace corrent::cli {
namespace {

struct DemoOptions {
  std::uint64_t size = 64ull * 1024 * 1024;
  std::string dir;  ///< empty: a fresh temporary folder, removed afterwards
  bool json = false;
  double timeout_s = 600;
  PluginOptions plugins;  ///< loaded into both sessions
};

/// The work folder: DIR (which must be missing or empty) or a new temporary one.
ArgResult<std::filesystem::path> work_dir(const std::string& dir) {
  std::error_code ec;
  if (!dir.empty()) {
    if (std::filesystem::exists(dir) && !std::filesystem::is_empty(dir, ec)) {
      return tl::make_unexpected("--dir " + dir + ": not empty (the demo needs a fresh folder)");
    }
    std::filesystem::create_directories(dir, ec);
    if (ec) return tl::make_unexpected("--dir " + dir + ": " + ec.message());
    return std::filesystem::path(dir);
  }
  auto pattern = (std::filesystem::temp_directory_path(ec) / "corrent-demo-XXXXXX").string();
  if (ec || ::mkdtemp(pattern.data()) == nullptr) return tl::make_unexpected("cannot make a temporary folder");
  return std::filesystem::path(pattern);
}

ArgResult<metainfo::Metainfo> make_torrent(const std::filesystem::path& source, const std::filesystem::path& out) {
  metainfo::CreateOptions create;
  create.creation_date = 0;  // the same payload always gives the same torrent
  create.comment = "made by corrent demo";
  auto bytes = metainfo::create_torrent(source, create);
  if (!bytes) return tl::make_unexpected("creating the torrent: " + bytes.error().message());
  std::ofstream(out, std::ios::binary | std::ios::trunc) << *bytes;
  auto meta = metainfo::parse_torrent(*bytes);
  if (!meta) return tl::make_unexpected("parsing the new torrent: " + meta.error().code.message());
  return std::move(*meta);
}

engine::SessionSettings loopback_settings(const std::filesystem::path& resume_dir) {
  engine::SessionSettings settings;
  settings.listen = {"127.0.0.1:0"};
  settings.resume_dir = resume_dir;
  return settings;
}

nlohmann::json summary_json(const DemoPayload& payload, double seconds, bool same, const std::string& why) {
  const double mib_s = seconds > 0 ? static_cast<double>(payload.bytes) / (1024.0 * 1024.0) / seconds : 0;
  return {{"event", "summary"}, {"bytes", payload.bytes}, {"files", payload.files},
          {"seconds", seconds}, {"mib_per_s", mib_s}, {"verified", same}, {"error", why}};
}

std::string summary_text(const DemoPayload& payload, double seconds) {
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.2f s (%.1f MiB/s)", seconds,
                seconds > 0 ? static_cast<double>(payload.bytes) / (1024.0 * 1024.0) / seconds : 0.0);
  return "demo: " + human_size(payload.bytes) + " in " + std::to_string(payload.files) +
         " files downloaded over loopback in " + rate + "; every byte matches the original";
}

/// The seeding session: checks the payload and waits until it seeds it. Quiet.
Task<ArgResult<metainfo::InfoHash>> start_seeding(engine::Session& seeder, metainfo::Metainfo meta,
                                                  std::filesystem::path save_path, asio::signal_set& signals) {
  auto stream = seeder.events().stream(kCommandStreamCapacity, kCommandEvents);
  engine::AddTorrentParams params;
  params.metainfo = std::move(meta);
  params.save_path = std::move(save_path);
  auto added = co_await seeder.add_torrent(std::move(params));
  if (!added) co_return tl::make_unexpected("seeding session: " + added.error().message());
  EventPrinter quiet(OutputMode::quiet);
  const auto checked = co_await watch_torrent(seeder, stream, *added, signals, quiet, WatchUntil::finished,
                                            std::chrono::minutes(2));
  if (checked.end == WatchEnd::interrupted) co_return tl::make_unexpected(std::string("interrupted"));
  if (checked.end != WatchEnd::finished) co_return tl::make_unexpected("seeding session: " + checked.why);
  co_return *added;
}

Task<int> demo(DemoOptions options, std::filesystem::path work) {
  auto ex = co_await asio::this_coro::executor;
  asio::signal_set signals(ex, SIGINT, SIGTERM);
  EventPrinter out(choose_output(options.json));
  auto payload = make_demo_payload(work / "seed", options.size);
  if (!payload) co_return report_error("demo", payload.error());
  auto meta = make_torrent(payload->root, work / "demo.torrent");
  if (!meta) co_return report_error("demo", meta.error());
  out.line({{"event", "payload"}, {"path", payload->root.string()}, {"bytes", payload->bytes},
            {"files", payload->files}, {"info_hash", meta->info_hash.hex()}},
           "payload: " + human_size(payload->bytes) + " in " + std::to_string(payload->files) + " files at " +
               payload->root.string());

  // Arguments built first: GCC 12 mishandles temporaries that live across a co_await.
  auto seed_settings = loopback_settings(work / "resume-seed");
  auto leech_settings = loopback_settings(work / "resume-download");
  auto seed_plugins = options.plugins;
  auto leech_plugins = options.plugins;
  auto seeder = co_await start_engine(ex, std::move(seed_settings), std::move(seed_plugins));
  if (!seeder) co_return report_error("demo", "seeding session: " + seeder.error());
  auto leecher = co_await start_engine(ex, std::move(leech_settings), std::move(leech_plugins));
  if (!leecher) {
    co_await (*seeder)->session->stop();
    co_return report_error("demo", "downloading session: " + leecher.error());
  }
  auto& seed_session = *(*seeder)->session;
  auto& leech_session = *(*leecher)->session;
  auto stop_both = [&]() -> Task<void> {
    co_await leech_session.stop();
    co_await seed_session.stop();
  };

  const auto seed_dir = work / "seed";
  auto seeding = co_await start_seeding(seed_session, *meta, seed_dir, signals);
  if (!seeding) {
    co_await stop_both();
    if (seeding.error() == "interrupted") co_return kExitInterrupted;
    co_return report_error("demo", seeding.error());
  }
  auto endpoints = nlohmann::json::array();
  for (const auto& endpoint : seed_session.listen_endpoints()) endpoints.push_back(endpoint.to_string());
  out.line({{"event", "seeding"}, {"endpoints", endpoints}},
           "seeding from " + endpoints_text(seed_session));

  auto stream = leech_session.events().stream(kCommandStreamCapacity, kCommandEvents);
  engine::AddTorrentParams params;
  params.metainfo = *meta;
  params.save_path = work / "download";
  for (auto endpoint : seed_session.listen_endpoints()) params.peers.push_back(endpoint);
  const auto started = std::chrono::steady_clock::now();
  auto added = co_await leech_session.add_torrent(std::move(params));
  if (!added) {
    co_await stop_both();
    co_return report_error("demo", "downloading session: " + added.error().message());
  }
  const auto limit = std::chrono::milliseconds(static_cast<std::int64_t>(options.timeout_s * 1000));
  const auto result = co_await watch_torrent(leech_session, stream, *added, signals, out, WatchUntil::finished, limit);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (const auto st = leech_session.status(*added)) out.progress(*st);  // the final state
  out.end_bar();
  co_await stop_both();
  signals.cancel();
  if (result.end == WatchEnd::interrupted) co_return kExitInterrupted;
  if (result.end != WatchEnd::finished) co_return report_error("demo", "download: " + result.why);

  const auto same = same_tree(payload->root, work / "download" / kDemoName);
  out.line(summary_json(*payload, seconds, bool(same), same ? std::string{} : same.error()),
           same ? summary_text(*payload, seconds) : std::string("demo: the downloaded bytes differ"));
  if (!same) co_return report_error("demo", same.error());
  co_return kExitOk;
}

int run_demo(const DemoOptions& options) {
  if (!(options.timeout_s > 0)) return report_error("demo", "--timeout must be positive", kExitUsage);
  auto work = work_dir(options.dir);
  if (!work) return report_error("demo", work.error(), kExitUsage);
  const int status = run_command("demo", [&]() { return demo(options, *work); });
  if (options.dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(*work, ec);
  }
  return status;
}

}  // namespace

Command add_demo_command(CLI::App& app) {
  auto options = std::make_shared<DemoOptions>();
  auto* cmd = app.add_subcommand("demo", "Seed a made-up payload and download it over loopback, then verify it");
  cmd->add_option("--size", options->size, "payload bytes (default 64 MiB)")->check(CLI::Range(1024ull, 1ull << 40));
  cmd->add_option("--dir", options->dir, "work in this (missing or empty) folder and keep it; default: a temporary one");
  cmd->add_flag("--json", options->json, "print events as JSON lines (see docs/cli.md)");
  cmd->add_option("--timeout", options->timeout_s, "give up the download after this many seconds (default 600)");
  add_plugin_options(*cmd, options->plugins);
  return {cmd, [options] { return run_demo(*options); }};
}

}  // namespace corrent::cli
