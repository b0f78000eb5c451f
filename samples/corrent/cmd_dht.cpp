// corrent dht ping HOST:PORT | get-peers INFO_HASH | table | put VALUE | get KEY | sample
// [TARGET] [--bootstrap HOST:PORT]... [--json] [--bind ADDR] [--port N] [--timeout S]
// [--no-restrict-ips]: ask the mainline DHT one thing with a node of our own
// (plugins::DhtClient), for people debugging the DHT or keeping data in it (BEP 44).
// Everything but ping joins first, through --bootstrap or the public routers.
#include <nlohmann/json.hpp>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/this_coro.hpp>

#include <algorithm>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli_common.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/core/encoding.hpp"
#include "corrent/crypto/random.hpp"
#include "corrent/plugins/dht/dht_client.hpp"
#include "dht_items.hpp"
#include "dht_options.hpp"

namespace corrent::cli {
namespace {

struct DhtCommandOptions {
  std::string node;       ///< ping: the node to ask
  std::string info_hash;  ///< get-peers: 40 hex digits
  std::vector<std::string> bootstrap;
  std::string bind = "0.0.0.0";
  std::uint16_t port = 0;
  double timeout_s = 20;
  bool no_restrict_ips = false;
  bool json = false;
  // put, get, sample
  std::string value;        ///< put: the text (or bencode with --bencoded)
  bool bencoded = false;
  std::string key_file;     ///< put: sign a mutable item with this key
  std::string salt;
  std::optional<std::int64_t> seq;
  std::optional<std::int64_t> cas;
  std::string key;          ///< get: a target (40 hex) or a public key (64 hex); sample: a target
};

using Outcome = DhtOutcome;

nlohmann::ordered_json nodes_json(const std::vector<plugins::DhtNodeInfo>& nodes) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& n : nodes) {
    out.push_back({{"id", n.id}, {"endpoint", n.endpoint.to_string()}, {"confirmed", n.confirmed}});
  }
  return out;
}

Task<Outcome> ping(plugins::DhtClient& client, net::Endpoint node) {
  Outcome out;
  auto reply = co_await client.ping(node);
  if (!reply) {
    out.error = node.to_string() + ": " + reply.error().message();
    co_return out;
  }
  out.json = {{"node", node.to_string()}, {"id", reply->id}, {"rtt_ms", reply->rtt.count()}};
  out.lines.push_back(node.to_string() + " id " + reply->id + " rtt " + std::to_string(reply->rtt.count()) + " ms");
  co_return out;
}

Task<Outcome> get_peers(plugins::DhtClient& client, InfoHashBytes hash, std::string hex,
                        std::chrono::milliseconds timeout) {
  Outcome out;
  const auto known = co_await client.bootstrap(timeout);
  if (known == 0) {
    out.error = "no DHT node answered (bootstrap nodes unreachable?)";
    co_return out;
  }
  auto found = co_await client.get_peers(hash);
  auto peers = nlohmann::ordered_json::array();
  for (const auto& peer : found.peers) {
    peers.push_back(peer.to_string());
    out.lines.push_back(peer.to_string());
  }
  out.json = {{"info_hash", hex}, {"peers", peers}, {"nodes", nodes_json(found.closest)},
              {"queries", found.queries}};
  co_return out;
}

Task<Outcome> table(plugins::DhtClient& client, std::chrono::milliseconds timeout) {
  Outcome out;
  (void)co_await client.bootstrap(timeout);
  const auto nodes = client.table();
  out.json = {{"id", client.id()}, {"local", client.local_endpoint().to_string()}, {"nodes", nodes_json(nodes)}};
  for (const auto& n : nodes) {
    out.lines.push_back(n.id + " " + n.endpoint.to_string() + (n.confirmed ? "" : " (not confirmed)"));
  }
  co_return out;
}

// Joins, then runs `what`: BEP 44 and 51 lookups need a table to start from.
template <class What>
Task<Outcome> joined(plugins::DhtClient& client, std::chrono::milliseconds timeout, What what) {
  const auto known = co_await client.bootstrap(timeout);
  if (known == 0) {
    Outcome out;
    out.error = "no DHT node answered (bootstrap nodes unreachable?)";
    co_return out;
  }
  co_return co_await what(client);
}

template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> hex_bytes(const std::string& text) {
  const auto raw = from_hex(text);
  if (!raw || raw->size() != N) return std::nullopt;
  std::array<std::uint8_t, N> out{};
  std::memcpy(out.data(), raw->data(), N);
  return out;
}

// Opens the node, runs `what` on it, and stops it.
template <class What>
Task<Result<Outcome>> with_client(plugins::DhtClientSettings settings, What what) {
  auto client = plugins::DhtClient::open(co_await asio::this_coro::executor, std::move(settings));
  if (!client) co_return tl::make_unexpected(client.error());
  auto outcome = co_await what(**client);
  co_await (*client)->stop();
  co_return outcome;
}

int run_dht(const std::string& sub, const DhtCommandOptions& options) {
  const std::string name = "dht " + sub;
  if (!(options.timeout_s > 0)) return report_error(name, "--timeout must be positive", kExitUsage);
  const auto timeout = std::chrono::milliseconds(static_cast<std::int64_t>(options.timeout_s * 1000));
  const auto bind = net::Endpoint::parse(options.bind + ":0");
  if (!bind) return report_error(name, "--bind " + options.bind + ": not an IPv4 address", kExitUsage);
  plugins::DhtClientSettings settings;
  settings.bind = *bind;
  settings.port = options.port;
  settings.restrict_search_ips = !options.no_restrict_ips;
  // BEP 43: a node that asks one thing and goes should not be put in others' tables.
  settings.read_only = true;
  settings.query_timeout = std::min(timeout, std::chrono::milliseconds(5000));
  settings.bootstrap = options.bootstrap;
  if (settings.bootstrap.empty() && sub != "ping") {
    settings.bootstrap.assign(kPublicRouters.begin(), kPublicRouters.end());
  }

  asio::io_context io;
  std::optional<Result<Outcome>> result;
  const auto done = [&](std::exception_ptr e, Result<Outcome> r) {
    if (e) r = tl::make_unexpected(std::make_error_code(std::errc::io_error));
    result = std::move(r);
  };
  if (sub == "ping") {
    const auto node = net::Endpoint::parse(options.node);
    if (!node) return report_error(name, options.node + ": " + node.error().message(), kExitUsage);
    asio::co_spawn(io, with_client(settings, [node = *node](plugins::DhtClient& c) { return ping(c, node); }), done);
  } else if (sub == "get-peers") {
    const auto hash = metainfo::InfoHash::from_hex(options.info_hash);
    if (!hash) return report_error(name, options.info_hash + ": not 40 hex digits", kExitUsage);
    asio::co_spawn(io, with_client(settings, [hash = *hash, hex = hash->hex(), timeout](plugins::DhtClient& c) {
                     return get_peers(c, hash.bytes, hex, timeout);
                   }), done);
  } else if (sub == "put") {
    DhtPutRequest request;
    request.value = options.bencoded ? options.value : std::to_string(options.value.size()) + ":" + options.value;
    if (!options.key_file.empty()) request.key_file = options.key_file;
    if (options.key_file.empty() && (!options.salt.empty() || options.seq || options.cas)) {
      return report_error(name, "--salt, --seq and --cas need --key (they are for mutable items)", kExitUsage);
    }
    request.salt = options.salt;
    request.seq = options.seq;
    request.cas = options.cas;
    asio::co_spawn(io, with_client(settings, [request, timeout](plugins::DhtClient& c) {
                     return joined(c, timeout, [request](plugins::DhtClient& j) { return put_item(j, request); });
                   }), done);
  } else if (sub == "get") {
    DhtGetRequest request;
    request.target = hex_bytes<20>(options.key);
    request.public_key = hex_bytes<32>(options.key);
    request.salt = options.salt;
    if (!request.target && !request.public_key) {
      return report_error(name, options.key + ": neither a target (40 hex digits) nor a public key (64)", kExitUsage);
    }
    if (request.target && !request.salt.empty()) {
      return report_error(name, "--salt is for mutable items (a 64-digit public key)", kExitUsage);
    }
    asio::co_spawn(io, with_client(settings, [request, timeout](plugins::DhtClient& c) {
                     return joined(c, timeout, [request](plugins::DhtClient& j) { return get_item(j, request); });
                   }), done);
  } else if (sub == "sample") {
    InfoHashBytes target{};
    if (options.key.empty()) {
      std::array<std::byte, 20> raw{};
      crypto::random_bytes(raw);
      std::memcpy(target.data(), raw.data(), target.size());
    } else if (auto given = hex_bytes<20>(options.key)) {
      target = *given;
    } else {
      return report_error(name, options.key + ": not 40 hex digits", kExitUsage);
    }
    asio::co_spawn(io, with_client(settings, [target, timeout](plugins::DhtClient& c) {
                     return joined(c, timeout, [target](plugins::DhtClient& j) { return sample_infohashes(j, target); });
                   }), done);
  } else {
    asio::co_spawn(io, with_client(settings, [timeout](plugins::DhtClient& c) { return table(c, timeout); }), done);
  }
  io.run();
  if (!result || !*result) {
    return report_error(name, result ? (*result).error().message() : std::string("did not finish"));
  }
  const auto& outcome = **result;
  if (outcome.error) return report_error(name, *outcome.error);
  if (options.json) {
    std::cout << outcome.json.dump(2) << '\n';
  } else {
    for (const auto& line : outcome.lines) std::cout << line << '\n';
  }
  return kExitOk;
}

void add_common(CLI::App& cmd, DhtCommandOptions& options) {
  cmd.add_option("--bootstrap", options.bootstrap,
                 "join through this node (default: " + public_routers(", ") + "); repeatable")
      ->type_name("HOST:PORT");
  cmd.add_flag("--json", options.json, "print one JSON object (keys in docs/cli.md)");
  cmd.add_option("--bind", options.bind, "the IPv4 address of our node's socket (default 0.0.0.0)");
  cmd.add_option("--port", options.port, "our node's UDP port (default: any)");
  cmd.add_option("--timeout", options.timeout_s, "give up joining after this many seconds (default 20)")
      ->check(CLI::PositiveNumber);
  cmd.add_flag("--no-restrict-ips", options.no_restrict_ips,
               "many nodes may share one IP address (a DHT on one host; libtorrent's dht_restrict_search_ips off)");
}

}  // namespace

Command add_dht_command(CLI::App& app) {
  auto options = std::make_shared<DhtCommandOptions>();
  auto* cmd = app.add_subcommand("dht", "Ask the mainline DHT (BEP 5) with a node of our own");
  cmd->require_subcommand(1, 1);
  auto* ping_cmd = cmd->add_subcommand("ping", "Ping one DHT node and print its id");
  ping_cmd->add_option("node", options->node, "the node: a.b.c.d:port or [v6]:port")->required();
  add_common(*ping_cmd, *options);
  auto* peers_cmd = cmd->add_subcommand("get-peers", "Look an info-hash up and print the peers announced for it");
  peers_cmd->add_option("info_hash", options->info_hash, "40 hex digits")->required();
  add_common(*peers_cmd, *options);
  auto* table_cmd = cmd->add_subcommand("table", "Join the DHT and print our routing table");
  add_common(*table_cmd, *options);
  auto* put_cmd = cmd->add_subcommand("put", "Store a value in the DHT (BEP 44): immutable, or mutable with --key");
  put_cmd->add_option("value", options->value, "the value: text, stored as a bencoded string (see --bencoded)")
      ->required();
  put_cmd->add_flag("--bencoded", options->bencoded, "VALUE is canonical bencode already (e.g. d1:ai1ee)");
  put_cmd->add_option("--key", options->key_file,
                      "sign a mutable item with the ed25519 seed in this file (64 hex digits; created if missing)")
      ->type_name("FILE");
  put_cmd->add_option("--salt", options->salt, "mutable: the salt (at most 64 bytes), one item per salt and key");
  put_cmd->add_option("--seq", options->seq, "mutable: the sequence number (default: one past the newest found)");
  put_cmd->add_option("--cas", options->cas, "mutable: store only over this sequence number (compare-and-swap)");
  add_common(*put_cmd, *options);
  auto* get_cmd = cmd->add_subcommand("get", "Read a value from the DHT (BEP 44) and print it");
  get_cmd->add_option("key", options->key,
                      "an immutable item's target (40 hex digits) or a mutable item's public key (64)")
      ->required();
  get_cmd->add_option("--salt", options->salt, "mutable: the salt the item was put with");
  add_common(*get_cmd, *options);
  auto* sample_cmd = cmd->add_subcommand("sample", "Sample the info-hashes nodes hold (BEP 51), near TARGET");
  sample_cmd->add_option("target", options->key, "where to look: 40 hex digits (default: random)");
  add_common(*sample_cmd, *options);
  return {cmd, [cmd, options] {
            const auto given = cmd->get_subcommands();  // the one parsed (require_subcommand)
            if (given.empty()) return report_error("dht", "no subcommand given (see --help)", kExitUsage);
            return run_dht(given.front()->get_name(), *options);
          }};
}

}  // namespace corrent::cli
