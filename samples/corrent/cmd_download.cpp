// corrent download SOURCE... -o DIR [--seed] [--seed-ratio R] [--seed-time T] [--timeout S]
//                  [--peer IP:PORT]... [--sequential] [--only FILE_INDEX]... [--serve PORT]
//                  [--serve-bind ADDR] [--json] [session options]
// Downloads one torrent or several into DIR in one session, from their trackers and the
// given peers, and exits 0 once every wanted piece of each is verified on disk (or keeps
// seeding with --seed, or until --seed-ratio / --seed-time). A SOURCE is a .torrent file, a
// .torrent at an http(s) URL, a magnet link or a bare info-hash (40 hex or 32 base32
// characters; its metadata is fetched from peers by ut_metadata). Ctrl-C stops cleanly:
// the session writes resume data, and the next run resumes. --serve also serves the
// torrents over HTTP while they download, as `corrent stream` does (its URLs printed).
#include <unistd.h>

#include <asio/signal_set.hpp>
#include <asio/this_coro.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "cli_args.hpp"
#include "cli_common.hpp"
#include "download_sources.hpp"
#include "download_watch.hpp"
#include "engine_runner.hpp"
#include "event_json.hpp"
#include "progress_bar.hpp"
#include "proxy_option.hpp"
#include "serve_support.hpp"
#include "session_options.hpp"

namespace corrent::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct DownloadOptions {
  std::vector<std::string> torrents;
  std::string out_dir;
  bool seed = false;
  double seed_ratio = -1;  ///< < 0: not given
  double seed_time = -1;   ///< seconds; < 0: not given
  double timeout = -1;     ///< seconds; < 0: not given
  std::vector<std::string> peers;
  bool sequential = false;
  std::vector<std::uint32_t> only;
  bool json = false;
  bool no_web_seeds = false;  ///< --no-web-seeds: the "webseed" plugin is not built
  std::optional<std::uint32_t> serve;  ///< --serve PORT: the HTTP streaming server
  std::string serve_bind = "127.0.0.1";
  ServeState serving;                  ///< set when --serve is given
  SessionOptions session;
  PluginOptions plugins;
};

std::string_view result_name(const Tracked& t, DownloadEnd end) {
  switch (t.state) {
    case Tracked::State::failed: return "failed";
    case Tracked::State::running: return end == DownloadEnd::timed_out ? "timed_out" : "interrupted";
    default: return "finished";
  }
}

/// What one torrent's run came to: its result, final status, and the payload bytes this
/// run alone fetched (status totals include those of earlier runs).
struct Outcome {
  std::string result;
  std::optional<engine::TorrentStatus> status;
  std::uint64_t fetched = 0;
};

nlohmann::json outcome_json(const Tracked& t, const Outcome& o) {
  nlohmann::json j = {{"name", t.name}, {"info_hash", t.info_hash.hex()}, {"source", t.given}, {"result", o.result}};
  if (!t.why.empty()) j["error"] = t.why;
  if (o.status) {
    j["status"] = status_json(*o.status);
    j["session_downloaded"] = o.fetched;
  }
  return j;
}

/// "NAME: finished: 10/10 pieces, 1.0 MiB downloaded at 512.0 KiB/s, 0 B uploaded".
std::string outcome_text(const Tracked& t, const Outcome& o, double seconds) {
  std::string text = t.name + ": " + o.result;
  if (o.status) {
    const auto rate = seconds > 0 ? static_cast<std::uint64_t>(static_cast<double>(o.fetched) / seconds) : 0;
    text += ": " + std::to_string(o.status->pieces_have) + "/" + std::to_string(o.status->pieces_total) + " pieces, " +
            human_size(o.fetched) + " downloaded at " + format_rate(rate) + ", " + human_size(o.status->uploaded) +
            " uploaded";
  }
  if (!t.why.empty()) text += " (" + t.why + ")";
  return text;
}

/// The run's overall result and exit status: a failed torrent fails the command; else a
/// signal before every torrent finished is "interrupted" (130); else --timeout "timed_out".
std::pair<std::string, int> overall(const std::vector<Tracked>& torrents, DownloadEnd end) {
  const bool failed = std::any_of(torrents.begin(), torrents.end(),
                                  [](const Tracked& t) { return t.state == Tracked::State::failed; });
  const bool unfinished = std::any_of(torrents.begin(), torrents.end(),
                                      [](const Tracked& t) { return t.state == Tracked::State::running; });
  if (failed) return {"failed", kExitFailure};
  if (unfinished && end == DownloadEnd::interrupted) return {"interrupted", kExitInterrupted};
  if (unfinished) return {"timed_out", kExitFailure};
  return {"finished", kExitOk};
}

SeedPolicy seed_policy(const DownloadOptions& options) {
  SeedPolicy policy;
  policy.seed = options.seed;
  if (options.seed_ratio >= 0) policy.ratio = options.seed_ratio;
  if (options.seed_time >= 0) policy.time = std::chrono::milliseconds(static_cast<std::int64_t>(options.seed_time * 1000));
  return policy;
}

Task<int> download(DownloadOptions options, std::vector<Source> sources, std::vector<net::Endpoint> peers,
                   engine::SessionSettings settings) {
  auto ex = co_await asio::this_coro::executor;
  asio::signal_set signals(ex, SIGINT, SIGTERM);
  EventPrinter out(choose_output(options.json));
  auto plugins = options.plugins;  // named: GCC 12 and temporaries across a co_await
  auto engine = co_await start_listening(ex, std::move(settings), std::move(plugins), "download", options.session.bind.empty());
  if (!engine) co_return report_error("download", engine.error());
  auto& session = *(*engine)->session;
  print_listening(session, out);
  std::optional<plugins::StreamHttpListening> listening;
  if (options.serving) {
    auto server = co_await wait_for_server(options.serving);
    if (!server) {
      co_await session.stop();
      co_return report_error("download", server.error());
    }
    listening = *server;
    print_serving(*listening, out);
  }

  auto stream = session.events().stream(kCommandStreamCapacity, kCommandEvents);
  std::vector<Tracked> torrents;
  for (auto& source : sources) {
    engine::AddTorrentParams params;
    const bool magnet = source.magnet.has_value();
    const auto name = magnet ? source.magnet->display_name : source.meta.name;
    params.metainfo = std::move(source.meta);
    params.magnet = std::move(source.magnet);
    params.save_path = options.out_dir;
    params.file_priorities = std::move(source.priorities);
    params.sequential = options.sequential;
    params.peers = peers;
    params.peers.insert(params.peers.end(), source.peers.begin(), source.peers.end());
    auto added = co_await session.add_torrent(std::move(params));
    if (!added) {
      co_await session.stop();
      co_return report_error("download", source.given + ": " + added.error().message());
    }
    Tracked t;
    t.info_hash = *added;
    t.given = source.given;
    t.name = name.empty() ? added->hex() : name;
    if (const auto st = session.status(*added)) {
      t.downloaded_baseline = st->downloaded;  // resume totals
      t.uploaded_baseline = st->uploaded;
      if (!st->name.empty()) t.name = st->name;
    }
    torrents.push_back(std::move(t));
    // A magnet link's files are on the page once its metadata has come.
    if (listening) (void)print_file_urls(session, *added, *listening, std::nullopt, out);
  }
  const auto started = Clock::now();
  std::optional<Clock::time_point> deadline;
  if (options.timeout >= 0) deadline = started + std::chrono::milliseconds(static_cast<std::int64_t>(options.timeout * 1000));
  const auto end = co_await watch_downloads(session, stream, torrents, signals, out, seed_policy(options), deadline);
  const auto [result, code] = overall(torrents, end);
  if (code == kExitInterrupted) {
    // A second signal while stopping gives up at once.
    signals.async_wait([](std::error_code ec, int) {
      if (!ec) std::_Exit(kExitInterrupted);
    });
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::vector<Outcome> outcomes;
  std::uint64_t fetched = 0;
  for (const auto& t : torrents) {
    Outcome o{std::string(result_name(t, end)), session.status(t.info_hash), 0};
    if (o.status) o.fetched = o.status->downloaded >= t.downloaded_baseline ? o.status->downloaded - t.downloaded_baseline : 0;
    fetched += o.fetched;
    outcomes.push_back(std::move(o));
  }
  // The bar's last state shows the run's average rate, the one the summary gives.
  if (auto st = combined_status(session, torrents)) {
    st->download_rate = seconds > 0 ? static_cast<std::uint64_t>(static_cast<double>(fetched) / seconds) : 0;
    out.progress(*st);
  }
  out.end_bar();
  co_await stop_session(session, stream, out);
  signals.cancel();

  // Last, after the session's final events: each torrent, then `done`.
  nlohmann::json done = {{"event", "done"}, {"result", result}, {"seconds", seconds}};
  auto list = nlohmann::json::array();
  for (std::size_t i = 0; i < torrents.size(); ++i) list.push_back(outcome_json(torrents[i], outcomes[i]));
  if (torrents.size() == 1 && outcomes.front().status) {
    done["status"] = status_json(*outcomes.front().status);
    done["session_downloaded"] = outcomes.front().fetched;
  }
  done["torrents"] = std::move(list);
  if (out.mode() != OutputMode::json) {
    for (std::size_t i = 0; i < torrents.size(); ++i) out.line({}, outcome_text(torrents[i], outcomes[i], seconds));
  }
  const auto rate = seconds > 0 ? static_cast<std::uint64_t>(static_cast<double>(fetched) / seconds) : 0;
  out.line(done, result + " after " + std::to_string(static_cast<long long>(seconds)) + " s: " + human_size(fetched) +
                     " downloaded at " + format_rate(rate));
  if (code == kExitOk || code == kExitInterrupted) co_return code;
  for (const auto& t : torrents) {
    if (t.state == Tracked::State::failed) report_error("download", t.given + ": " + t.why);
  }
  if (result == "timed_out") {
    std::string names;
    for (const auto& t : torrents) {
      if (t.state == Tracked::State::running) names += (names.empty() ? "" : ", ") + t.name;
    }
    report_error("download", "timed out: not finished within --timeout " + std::to_string(static_cast<long long>(options.timeout)) +
                                 " s (" + names + ")");
  }
  co_return code;
}

int run_download(CLI::App& cmd, DownloadOptions& options) {
  if (auto config = read_config(cmd, options.plugins); !config) return report_error("download", config.error());
  // After every --set, so the flag wins (plugin/config.hpp: "enabled" is in every section).
  if (options.no_web_seeds) options.plugins.sets.emplace_back("webseed.enabled=false");
  // Everything that cannot go through the proxy is off, after --set too: nothing goes around it.
  if (!options.session.proxy.empty()) {
    for (auto& set : proxy_plugin_settings(options.session.proxy)) options.plugins.sets.push_back(std::move(set));
  }
  if (options.serve) options.serving = enable_serving(options.plugins, *options.serve, options.serve_bind, options.out_dir);
  if (!options.only.empty() && options.torrents.size() > 1) {
    return report_error("download", "--only applies to one torrent, and " + std::to_string(options.torrents.size()) +
                                        " were given (download them one at a time to choose files)",
                        kExitUsage);
  }
  auto peers = parse_peers(options.peers);
  if (!peers) return report_error("download", peers.error(), kExitUsage);
  auto settings = session_settings(options.session);
  options.plugins.dht.listen_port = options.session.port;
  if (!settings) return report_error("download", settings.error(), kExitUsage);
  std::vector<Source> sources;
  for (const auto& text : options.torrents) {
    auto source = read_source(text, options.only, options.out_dir);
    if (!source) return report_error("download", source.error().why, source.error().code);
    sources.push_back(std::move(*source));
  }
  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  if (ec || !std::filesystem::is_directory(options.out_dir)) {
    return report_error("download", options.out_dir + ": " + (ec ? ec.message() : "not a directory"));
  }
  // Before any peer is asked: a folder the files cannot go in (a read-only mount) is the
  // user's to fix, and the message must name it, not the torrent.
  if (::access(options.out_dir.c_str(), W_OK) != 0) {
    return report_error("download", options.out_dir + ": cannot write there: " +
                                        std::error_code(errno, std::system_category()).message());
  }
  return run_command("download", [&]() {
    return download(options, std::move(sources), std::move(*peers), std::move(*settings));
  });
}

}  // namespace

Command add_download_command(CLI::App& app) {
  auto options = std::make_shared<DownloadOptions>();
  auto* cmd = app.add_subcommand("download", "Download torrents (from their trackers and --peer)");
  cmd->add_option("torrent", options->torrents,
                  "the .torrent files (or http(s) URLs of them), magnet links or info-hashes; one or more")
      ->required();
  cmd->add_option("-o,--out", options->out_dir, "where the torrents' files land (created if missing)")->required();
  cmd->add_flag("--seed", options->seed, "keep seeding once finished, until stopped");
  cmd->add_option("--seed-ratio", options->seed_ratio,
                  "seed once finished until this run uploaded R times the torrent's size (implies seeding)")
      ->type_name("R")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--seed-time", options->seed_time, "seed once finished for this many seconds (implies seeding)")
      ->type_name("S")
      ->check(CLI::Range(0.0, 1e9));
  cmd->add_option("--timeout", options->timeout, "give up (exit 1) if not every torrent finished within S seconds")
      ->type_name("S")
      ->check(CLI::Range(0.001, 1e9));
  cmd->add_option("--peer", options->peers, "connect to this peer (IP:PORT or [IPv6]:PORT); repeatable");
  cmd->add_flag("--sequential", options->sequential, "fetch pieces in order");
  cmd->add_option("--only", options->only,
                  "download only this file (index as corrent info shows; one torrent only); repeatable");
  cmd->add_flag("--json", options->json, "print events as JSON lines (see docs/cli.md)");
  cmd->add_flag("--no-web-seeds", options->no_web_seeds,
                "do not fetch from the torrents' web seeds (BEP 19 url-list)");
  cmd->add_option("--serve", options->serve,
                  "also serve the torrents over HTTP on this port while they download, as `stream` does "
                  "(0 = any free port; with --seed it goes on serving once finished)")
      ->type_name("PORT")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--serve-bind", options->serve_bind, "the --serve server's address (default 127.0.0.1)")
      ->type_name("ADDR");
  add_session_options(*cmd, options->session);
  add_plugin_options(*cmd, options->plugins);
  add_dht_options(*cmd, options->plugins.dht);
  add_lsd_options(*cmd, options->plugins.lsd);
  add_nat_options(*cmd, options->plugins.nat);
  cmd->footer(std::string("\n") + kResumeHelp);
  return {cmd, [cmd, options] { return run_download(*cmd, *options); }};
}

}  // namespace corrent::cli
