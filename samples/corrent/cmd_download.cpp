// corrent download FILE.torrent|MAGNET|INFO_HASH -o DIR [--port N] [--bind HOST] [--seed]
//                  [--peer IP:PORT]... [--sequential] [--only FILE_INDEX]... [--json]
// Downloads a torrent into DIR, from its trackers and the given peers, and exits 0 once
// every wanted piece is verified on disk (or keeps seeding with --seed). A magnet link or
// a bare info-hash (40 hex or 32 base32 characters) first fetches the metadata from peers
// (ut_metadata). Ctrl-C stops cleanly: the session writes resume data, and the next run
// resumes.
#include <arpa/inet.h>
#include <netdb.h>
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
#include "connection_options.hpp"
#include "engine_runner.hpp"
#include "event_json.hpp"
#include "corrent/mse/policy.hpp"
#include "corrent/metainfo/magnet.hpp"

namespace corrent::cli {
namespace {

struct DownloadOptions {
  std::string torrent;
  std::string out_dir;
  std::uint32_t port = 6881;
  std::string bind = "0.0.0.0";
  bool seed = false;
  std::vector<std::string> peers;
  bool sequential = false;
  std::vector<std::uint32_t> only;
  bool json = false;
  std::string encryption = "enabled";
  PluginOptions plugins;
  ConnectionOptions connections;
};

/// What `download` reports when it ends: the result, the final status and the payload
/// bytes fetched by this run alone (status totals include those of earlier runs).
nlohmann::json done_json(std::string_view result, const std::optional<engine::TorrentStatus>& st,
                         std::uint64_t baseline, double seconds) {
  nlohmann::json j = {{"event", "done"}, {"result", result}, {"seconds", seconds}};
  if (st) {
    j["status"] = status_json(*st);
    j["session_downloaded"] = st->downloaded >= baseline ? st->downloaded - baseline : 0;
  }
  return j;
}

std::string done_text(std::string_view result, const std::optional<engine::TorrentStatus>& st,
                      std::uint64_t baseline, double seconds) {
  std::string text = std::string(result) + " after " + std::to_string(static_cast<long long>(seconds)) + " s";
  if (st) {
    const auto fetched = st->downloaded >= baseline ? st->downloaded - baseline : 0;
    text += ": " + std::to_string(st->pieces_have) + "/" + std::to_string(st->pieces_total) + " pieces, " +
            human_size(fetched) + " downloaded, " + human_size(st->uploaded) + " uploaded";
  }
  return text;
}

// What to download: a parsed .torrent with its file priorities, or a magnet link.
struct Source {
  metainfo::Metainfo meta;
  std::vector<std::uint8_t> priorities;
  std::optional<metainfo::Magnet> magnet;
};

// A magnet URI, or a bare info-hash as a magnet with nothing else; nullopt if `text` is
// neither (then it is a file name; an existing file of that name wins).
std::optional<ArgResult<metainfo::Magnet>> as_magnet(const std::string& text) {
  const bool looks_like_hash = text.size() == 40 || text.size() == 32;
  if (!text.starts_with("magnet:") && (!looks_like_hash || std::filesystem::exists(text))) return std::nullopt;
  auto m = metainfo::parse_magnet_or_info_hash(text);
  if (!m) {
    if (!text.starts_with("magnet:")) return std::nullopt;  // not a hash after all: a file name
    return ArgResult<metainfo::Magnet>(tl::make_unexpected("bad magnet link: " + m.error().message()));
  }
  if (!m->info_hash) {
    return ArgResult<metainfo::Magnet>(tl::make_unexpected(std::string("the magnet link has no v1 info-hash (xt=urn:btih:...)")));
  }
  return ArgResult<metainfo::Magnet>(std::move(*m));
}

// A magnet's x.pe peers given by host name (x.pe=localhost:6881): resolved here, before the
// session starts, and added to `peers`; one that cannot be resolved is a warning, never
// dropped in silence. Numeric ones stay in the magnet for the engine.
void resolve_magnet_peers(metainfo::Magnet& magnet, std::vector<net::Endpoint>& peers) {
  std::vector<std::string> numeric;
  for (const auto& text : magnet.peers) {
    if (net::Endpoint::parse(text)) {
      numeric.push_back(text);
      continue;
    }
    const auto colon = text.rfind(':');
    const auto host = colon == std::string::npos ? text : text.substr(0, colon);
    const auto port = colon == std::string::npos ? std::string() : text.substr(colon + 1);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const int rc = port.empty() ? EAI_SERVICE : ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
    std::size_t added = 0;
    for (const addrinfo* a = rc == 0 ? found : nullptr; a != nullptr; a = a->ai_next) {
      char ip[INET6_ADDRSTRLEN] = {};
      const bool v6 = a->ai_family == AF_INET6;
      const void* raw = v6 ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(a->ai_addr)->sin6_addr)
                           : static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr);
      if ((a->ai_family != AF_INET && !v6) || ::inet_ntop(a->ai_family, raw, ip, sizeof ip) == nullptr) continue;
      if (auto e = net::Endpoint::parse(v6 ? "[" + std::string(ip) + "]:" + port : std::string(ip) + ":" + port)) {
        peers.push_back(*e);
        ++added;
      }
    }
    if (found != nullptr) ::freeaddrinfo(found);
    if (added == 0) {
      const std::string why = port.empty() ? "no port (expected HOST:PORT)" : ::gai_strerror(rc);
      report_error("download", "warning: magnet peer x.pe=" + text + " ignored: " + why);
    }
  }
  magnet.peers = std::move(numeric);
}

// Where the torrent's files go, looked at before anything is fetched: a file where the
// torrent has a folder, or a folder where it has a file, is named (else the first write
// would fail with only "Not a directory"). Nothing is created here.
std::optional<std::string> layout_conflict(const metainfo::Metainfo& meta, const std::filesystem::path& out) {
  namespace fs = std::filesystem;
  for (const auto& file : meta.layout.files()) {
    if (file.pad) continue;
    auto at = out;
    const fs::path rel(file.path);
    for (auto part = rel.begin(); part != rel.end(); ++part) {
      at /= *part;
      std::error_code ec;
      const auto status = fs::symlink_status(at, ec);
      if (!fs::exists(status)) break;
      const bool last = std::next(part) == rel.end();
      if (!last && !fs::is_directory(fs::status(at, ec))) {
        return at.string() + ": " + std::make_error_code(std::errc::not_a_directory).message() +
               " (the torrent puts " + file.path + " inside it)";
      }
      if (last && fs::is_directory(fs::status(at, ec))) {
        return at.string() + ": " + std::make_error_code(std::errc::is_a_directory).message() +
               " (the torrent has the file " + file.path + " there)";
      }
    }
  }
  return std::nullopt;
}

Task<int> download(DownloadOptions options, Source source, std::vector<net::Endpoint> peers,
                   std::vector<std::string> listen) {
  auto ex = co_await asio::this_coro::executor;
  asio::signal_set signals(ex, SIGINT, SIGTERM);
  EventPrinter out(choose_output(options.json));
  engine::SessionSettings settings;
  apply_connection_options(options.connections, settings);
  settings.listen = std::move(listen);
  settings.encryption = mse::parse_policy(options.encryption).value_or(mse::EncryptionPolicy::enabled);
  auto plugins = options.plugins;  // named: GCC 12 and temporaries across a co_await
  auto engine = co_await start_engine(ex, std::move(settings), std::move(plugins));
  if (!engine) co_return report_error("download", engine.error());
  auto& session = *(*engine)->session;
  print_listening(session, out);

  auto stream = session.events().stream(kCommandStreamCapacity);
  engine::AddTorrentParams params;
  params.metainfo = std::move(source.meta);
  params.magnet = std::move(source.magnet);
  params.save_path = options.out_dir;
  params.file_priorities = std::move(source.priorities);
  params.sequential = options.sequential;
  params.peers = std::move(peers);
  auto added = co_await session.add_torrent(std::move(params));
  if (!added) {
    co_await session.stop();
    co_return report_error("download", options.torrent + ": " + added.error().message());
  }
  const auto ih = *added;
  const auto first = session.status(ih);
  const std::uint64_t baseline = first ? first->downloaded : 0;  // resume totals
  const auto started = std::chrono::steady_clock::now();
  auto result = co_await watch_torrent(session, stream, ih, signals, out, WatchUntil::finished);
  if (result.end == WatchEnd::finished && options.seed) {
    out.line({{"event", "seeding"}, {"info_hash", ih.hex()}}, "seeding until stopped (Ctrl-C)");
    result = co_await watch_torrent(session, stream, ih, signals, out, WatchUntil::stopped);
    if (result.end == WatchEnd::interrupted) result.end = WatchEnd::finished;  // the job was done
  }
  if (result.end == WatchEnd::interrupted) {
    // A second signal while stopping gives up at once.
    signals.async_wait([](std::error_code ec, int) {
      if (!ec) std::_Exit(kExitInterrupted);
    });
  }
  const auto st = session.status(ih);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  static constexpr std::string_view kResultNames[] = {"finished", "checked", "interrupted", "timed_out", "failed"};
  const auto name = kResultNames[static_cast<int>(result.end)];
  if (st) out.progress(*st);  // the bar's last state, not the last Stats'
  out.end_bar();
  out.line(done_json(name, st, baseline, seconds), done_text(name, st, baseline, seconds));
  co_await stop_session(session, stream, out);
  signals.cancel();
  switch (result.end) {
    case WatchEnd::finished: co_return kExitOk;
    case WatchEnd::interrupted: co_return kExitInterrupted;
    default: co_return report_error("download", options.torrent + ": " + result.why);
  }
}

int run_download(const DownloadOptions& options) {
  auto peers = parse_peers(options.peers);
  if (!peers) return report_error("download", peers.error(), kExitUsage);
  auto listen = listen_addresses(options.bind, options.port);
  if (!listen) return report_error("download", listen.error(), kExitUsage);
  Source source;
  if (auto magnet = as_magnet(options.torrent)) {
    if (!*magnet) return report_error("download", magnet->error(), kExitUsage);
    source.magnet = std::move(**magnet);
    // --only as BEP 53's "so": the file indices are checked once the metadata is known.
    for (const auto f : options.only) source.magnet->select_only.emplace_back(FileIndex{f}, FileIndex{f});
  } else {
    auto meta = load_or_report("download", options.torrent);
    if (!meta) return kExitFailure;
    auto prios = only_priorities(options.only, meta->layout);
    if (!prios) return report_error("download", prios.error(), kExitUsage);
    if (auto conflict = layout_conflict(*meta, options.out_dir)) return report_error("download", *conflict);
    source.meta = std::move(*meta);
    source.priorities = std::move(*prios);
  }
  if (source.magnet) resolve_magnet_peers(*source.magnet, *peers);
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
    return download(options, std::move(source), std::move(*peers), std::move(*listen));
  });
}

}  // namespace

Command add_download_command(CLI::App& app) {
  auto options = std::make_shared<DownloadOptions>();
  auto* cmd = app.add_subcommand("download", "Download a torrent (from its trackers and --peer)");
  cmd->add_option("torrent", options->torrent, "the .torrent file, a magnet link, or an info-hash")->required();
  cmd->add_option("-o,--out", options->out_dir, "where the torrent's files land (created if missing)")->required();
  cmd->add_option("--port", options->port, "listen port (default 6881; 0 = any)");
  cmd->add_option("--bind", options->bind, "listen address (default 0.0.0.0)");
  cmd->add_flag("--seed", options->seed, "keep seeding once finished, until stopped");
  cmd->add_option("--peer", options->peers, "connect to this peer (IP:PORT or [IPv6]:PORT); repeatable");
  cmd->add_flag("--sequential", options->sequential, "fetch pieces in order");
  cmd->add_option("--only", options->only, "download only this file (index as corrent info shows); repeatable");
  cmd->add_flag("--json", options->json, "print events as JSON lines (see docs/cli.md)");
  cmd->add_option("--encryption", options->encryption,
                  "message stream encryption (MSE/PE): disabled, enabled (default: try it, accept both) or forced")
      ->check(CLI::IsMember({"disabled", "enabled", "forced"}));
  add_plugin_options(*cmd, options->plugins);
  add_connection_options(*cmd, options->connections);
  cmd->footer(std::string("\n") + kResumeHelp);
  return {cmd, [options] { return run_download(*options); }};
}

}  // namespace corrent::cli
