// corrent peer HOST:PORT --torrent FILE [--fetch-piece N] [--json] [--timeout S]: connect
// to one peer, handshake, and print what it said (and, with --fetch-piece, whether piece
// N arrived with the right SHA-1). For people debugging a swarm.
#include <nlohmann/json.hpp>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/this_coro.hpp>

#include <iostream>
#include <optional>

#include "cli_common.hpp"
#include "corrent/core/encoding.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/registry/registry.hpp"
#include "corrent/plugins/transport_tcp.hpp"
#include "peer_probe.hpp"

namespace corrent::cli {
namespace {

struct PeerOptions {
  std::string endpoint;
  std::string torrent;
  std::optional<std::uint32_t> fetch_piece;
  bool json = false;
  double timeout_s = 30;
};

std::string reserved_hex(const wire::Reserved& r) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const std::byte b : r.bytes) {
    out += kDigits[std::to_integer<unsigned>(b) >> 4];
    out += kDigits[std::to_integer<unsigned>(b) & 0xF];
  }
  return out;
}

nlohmann::json report_json(const ProbeReport& r) {
  const auto& reserved = r.theirs.reserved;
  nlohmann::json extensions = nlohmann::json::object();
  nlohmann::json ext = nullptr;
  if (r.extensions) {
    for (const auto& [name, id] : r.extensions->m) extensions[name] = id;
    ext = {{"m", extensions},
           {"v", r.extensions->client},
           {"p", r.extensions->listen_port ? nlohmann::json(*r.extensions->listen_port) : nlohmann::json(nullptr)},
           {"reqq", r.extensions->reqq ? nlohmann::json(*r.extensions->reqq) : nlohmann::json(nullptr)},
           {"metadata_size", r.extensions->metadata_size ? nlohmann::json(*r.extensions->metadata_size) : nlohmann::json(nullptr)},
           {"upload_only", r.extensions->upload_only}};
  }
  nlohmann::json fetch = nullptr;
  if (r.fetch) {
    fetch = {{"piece", r.fetch->piece}, {"ok", r.fetch->ok}, {"bytes", r.fetch->bytes},
             {"sha1", r.fetch->sha1}, {"error", r.fetch->failure}};
  }
  return {{"endpoint", r.endpoint.to_string()},
          {"peer_id", to_hex(r.theirs.peer_id.bytes)},
          {"client", r.client},
          {"reserved", {{"hex", reserved_hex(reserved)}, {"dht", reserved.dht()},
                        {"fast", reserved.fast()}, {"extension_protocol", reserved.extension_protocol()}}},
          {"extension_handshake", ext},
          {"pieces", {{"have", r.pieces_have}, {"total", r.piece_count}, {"how", r.pieces_how}}},
          {"fetch", fetch}};
}

void print_text(const ProbeReport& r) {
  const auto& reserved = r.theirs.reserved;
  std::cout << "peer:       " << r.endpoint.to_string() << '\n'
            << "peer id:    " << describe_peer_id(r.theirs.peer_id) << " (" << to_hex(r.theirs.peer_id.bytes) << ")\n"
            << "client:     " << r.client << '\n'
            << "reserved:   " << reserved_hex(reserved) << (reserved.dht() ? " dht" : "")
            << (reserved.fast() ? " fast" : "") << (reserved.extension_protocol() ? " extensions" : "") << '\n';
  if (r.extensions) {
    std::cout << "extensions:";
    for (const auto& [name, id] : r.extensions->m) std::cout << ' ' << name << '=' << int{id};
    std::cout << '\n';
    if (r.extensions->reqq) std::cout << "reqq:       " << *r.extensions->reqq << '\n';
    if (r.extensions->metadata_size) std::cout << "metadata:   " << *r.extensions->metadata_size << " bytes\n";
  }
  std::cout << "pieces:     " << r.pieces_have << '/' << r.piece_count << " (" << r.pieces_how << ")\n";
  if (r.fetch) {
    std::cout << "piece " << r.fetch->piece << ":    "
              << (r.fetch->ok ? "ok, " + std::to_string(r.fetch->bytes) + " bytes, sha1 " + r.fetch->sha1
                              : "FAILED: " + r.fetch->failure)
              << '\n';
  }
}

Task<Result<ProbeReport>> run_probe(net::Endpoint to, const metainfo::Metainfo* torrent,
                                    std::optional<std::uint32_t> piece, std::chrono::milliseconds timeout) {
  // The sample composes the framework from plugins: here, only the TCP transport.
  Registry registry;
  plugins::register_transport_tcp(registry);
  auto config = Config::parse("{}");
  if (!config) co_return tl::make_unexpected(config.error().code);
  auto built = build_plugins(registry, *config, co_await asio::this_coro::executor);
  if (!built) co_return tl::make_unexpected(built.error().code);
  auto* transport = built->find<net::Transport>("transport_tcp");
  auto report = co_await probe_peer(*transport, to, *torrent, piece, timeout);
  co_await built->stop();
  co_return report;
}

int run_peer(const PeerOptions& options) {
  const auto to = net::Endpoint::parse(options.endpoint);
  if (!to) return report_error("peer", options.endpoint + ": " + to.error().message(), kExitUsage);
  if (!(options.timeout_s > 0)) return report_error("peer", "--timeout must be positive", kExitUsage);
  const auto torrent = load_or_report("peer", options.torrent);
  if (!torrent) return kExitFailure;
  if (options.fetch_piece && *options.fetch_piece >= torrent->layout.piece_count()) {
    return report_error("peer", "--fetch-piece " + std::to_string(*options.fetch_piece) +
                                    ": the torrent has " + std::to_string(torrent->layout.piece_count()) + " pieces",
                        kExitUsage);
  }
  const auto timeout = std::chrono::milliseconds(static_cast<std::int64_t>(options.timeout_s * 1000));
  asio::io_context io;
  std::optional<Result<ProbeReport>> result;
  asio::co_spawn(io, run_probe(*to, &*torrent, options.fetch_piece, timeout),
                 [&](std::exception_ptr e, Result<ProbeReport> r) {
                   if (e) r = tl::make_unexpected(std::make_error_code(std::errc::io_error));
                   result = std::move(r);
                 });
  io.run();
  if (!result || !*result) {
    auto why = result ? (*result).error().message() : std::string("did not finish");
    if (result && (*result).error() == probe_errc::refused_info_hash) why += " " + torrent->info_hash.hex();
    return report_error("peer", options.endpoint + ": " + why);
  }
  const auto& report = **result;
  if (options.json) {
    std::cout << report_json(report).dump(2) << '\n';
  } else {
    print_text(report);
  }
  if (report.fetch && !report.fetch->ok) {
    return report_error("peer", options.endpoint + ": piece " + std::to_string(report.fetch->piece) + ": " +
                                    report.fetch->failure);
  }
  return kExitOk;
}

}  // namespace

Command add_peer_command(CLI::App& app) {
  auto options = std::make_shared<PeerOptions>();
  auto* cmd = app.add_subcommand("peer", "Connect to one peer, handshake, and show what it says");
  cmd->add_option("endpoint", options->endpoint, "the peer: a.b.c.d:port or [v6]:port")->required();
  cmd->add_option("--torrent", options->torrent, "the .torrent the peer should serve")->required();
  cmd->add_option("--fetch-piece", options->fetch_piece, "download piece N and check its SHA-1");
  cmd->add_flag("--json", options->json, "print one JSON object (keys in docs/cli.md)");
  cmd->add_option("--timeout", options->timeout_s, "give up after this many seconds (default 30)")
      ->check(CLI::PositiveNumber);
  return {cmd, [options] { return run_peer(*options); }};
}

}  // namespace corrent::cli
