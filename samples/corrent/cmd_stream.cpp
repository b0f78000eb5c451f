// corrent stream SOURCE [-o DIR] [--port N] [--bind ADDR] [--file N] [--peer IP:PORT]...
//                [--json] [session options]
// Adds one torrent (a .torrent file or URL, a magnet link or an info-hash) with the
// streaming picker and serves it over HTTP while it downloads (the stream_http plugin,
// docs/streaming.md): prints the page's URL, the token of the calls that change state, and
// one URL per file (once a magnet link's metadata has come), each on its own line; then
// downloads, seeds and serves until stopped by SIGINT or SIGTERM. --port and --bind are the
// HTTP server's; the BitTorrent listen flags are --listen-port and --listen-bind here.
#include <asio/signal_set.hpp>
#include <asio/this_coro.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>

#include "cli_args.hpp"
#include "cli_common.hpp"
#include "download_sources.hpp"
#include "engine_runner.hpp"
#include "proxy_option.hpp"
#include "serve_support.hpp"
#include "session_options.hpp"

namespace corrent::cli {
namespace {

/// The HTTP port `stream` serves on unless told: a fixed one, so that a player's bookmark
/// or a second terminal finds it again.
constexpr std::uint32_t kDefaultStreamPort = 8888;

struct StreamOptions {
  std::string torrent;
  std::string out_dir = ".";
  std::uint32_t port = kDefaultStreamPort;
  std::string bind = "127.0.0.1";
  std::optional<std::uint32_t> file;
  std::vector<std::string> peers;
  bool json = false;
  SessionOptions session;
  PluginOptions plugins;
};

Task<int> stream(StreamOptions options, Source source, std::vector<net::Endpoint> peers,
                 engine::SessionSettings settings, ServeState serving) {
  auto ex = co_await asio::this_coro::executor;
  asio::signal_set signals(ex, SIGINT, SIGTERM);
  EventPrinter out(choose_output(options.json));
  auto plugins = options.plugins;  // named: GCC 12 and temporaries across a co_await
  auto engine = co_await start_listening(ex, std::move(settings), std::move(plugins), "stream", options.session.bind.empty());
  if (!engine) co_return report_error("stream", engine.error());
  auto& session = *(*engine)->session;
  print_listening(session, out);
  auto events = session.events().stream(kCommandStreamCapacity, kCommandEvents);

  auto listening = co_await wait_for_server(serving);
  if (!listening) {
    co_await stop_session(session, events, out);
    co_return report_error("stream", listening.error());
  }
  print_serving(*listening, out);

  engine::AddTorrentParams params;
  params.metainfo = std::move(source.meta);
  params.magnet = std::move(source.magnet);
  params.save_path = options.out_dir;
  params.file_priorities = std::move(source.priorities);
  params.picker = "picker_streaming";  // the reading position first, then in order
  params.peers = peers;
  params.peers.insert(params.peers.end(), source.peers.begin(), source.peers.end());
  auto added = co_await session.add_torrent(std::move(params));
  if (!added) {
    co_await stop_session(session, events, out);
    co_return report_error("stream", source.given + ": " + added.error().message());
  }
  WatchResult result{WatchEnd::checked, {}, 0};
  if (!print_file_urls(session, *added, *listening, options.file, out)) {
    // A magnet link: its files are known once the metadata has come and been checked.
    result = co_await watch_torrent(session, events, *added, signals, out, WatchUntil::checked);
    if (result.end == WatchEnd::checked) (void)print_file_urls(session, *added, *listening, options.file, out);
  }
  if (result.end == WatchEnd::checked) {
    result = co_await watch_torrent(session, events, *added, signals, out, WatchUntil::stopped);
  }
  const bool stopped = result.end == WatchEnd::interrupted;
  const auto st = session.status(*added);
  std::string stopped_text = "stopped";  // named: GCC 12 and temporaries across a co_await
  co_await finish_until_stopped(session, events, signals, out, stopped, st, std::move(stopped_text));
  if (stopped) co_return kExitOk;  // streaming ends only when stopped
  co_return report_error("stream", source.given + ": " + result.why);
}

int run_stream(CLI::App& cmd, StreamOptions& options) {
  if (auto config = read_config(cmd, options.plugins); !config) return report_error("stream", config.error());
  if (!options.session.proxy.empty()) {
    for (auto& set : proxy_plugin_settings(options.session.proxy)) options.plugins.sets.push_back(std::move(set));
  }
  auto serving = enable_serving(options.plugins, options.port, options.bind, options.out_dir);
  auto peers = parse_peers(options.peers);
  if (!peers) return report_error("stream", peers.error(), kExitUsage);
  auto settings = session_settings(options.session);
  options.plugins.dht.listen_port = options.session.port;
  if (!settings) return report_error("stream", settings.error(), kExitUsage);
  std::vector<std::uint32_t> only;
  if (options.file) only.push_back(*options.file);
  auto source = read_source(options.torrent, only, options.out_dir);
  if (!source) return report_error("stream", source.error().why, source.error().code);
  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  if (ec || !std::filesystem::is_directory(options.out_dir)) {
    return report_error("stream", options.out_dir + ": " + (ec ? ec.message() : "not a directory"));
  }
  return run_command("stream", [&]() {
    return stream(options, std::move(*source), std::move(*peers), std::move(*settings), serving);
  });
}

}  // namespace

Command add_stream_command(CLI::App& app) {
  auto options = std::make_shared<StreamOptions>();
  auto* cmd = app.add_subcommand("stream", "Download a torrent and serve its files over HTTP while it downloads");
  cmd->add_option("torrent", options->torrent, "the .torrent file (or an http(s) URL of one), magnet link or info-hash")
      ->required();
  cmd->add_option("-o,--out", options->out_dir, "where the torrent's files land (default: the current folder)");
  cmd->add_option("--port", options->port, "the HTTP server's port (default 8888; 0 = any free one)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--bind", options->bind,
                  "the HTTP server's address (default 127.0.0.1; another exposes the torrents to the network)");
  cmd->add_option("--file", options->file, "download and serve only this file (index as corrent info shows)");
  cmd->add_option("--peer", options->peers, "connect to this peer (IP:PORT or [IPv6]:PORT); repeatable");
  cmd->add_flag("--json", options->json, "print events as JSON lines (see docs/cli.md)");
  add_session_options(*cmd, options->session, false);
  add_plugin_options(*cmd, options->plugins);
  add_dht_options(*cmd, options->plugins.dht);
  add_lsd_options(*cmd, options->plugins.lsd);
  add_nat_options(*cmd, options->plugins.nat);
  return {cmd, [cmd, options] { return run_stream(*cmd, *options); }};
}

}  // namespace corrent::cli
