// client_api_options SOURCE DIR [--peer HOST:PORT] [--peer-id ID] [--blocklist FILE]
//                    [--tracker URL] [--limit-down BYTES_PER_S] [--local]:
// the client API's options (WebTorrent's "Custom Client Options"): a Client made with
// each option set, what it reports back (its peer id, where it listens, its limits), an
// a bad option (an empty listen_host) refused by name, then SOURCE downloaded into DIR
// (exit 0 when complete, 1 otherwise).
#include <asio/this_coro.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/client/client.hpp"
#include "sample_support.hpp"

namespace cl = corrent::client;

namespace {

/// How often the download's progress is looked at (ours: a fraction of a second is soon
/// enough to stop once complete).
constexpr std::chrono::milliseconds kPoll{200};
constexpr std::chrono::seconds kGiveUp{300};

struct Args {
  std::string source;
  std::string dir;
  std::optional<corrent::net::Endpoint> peer;
  std::optional<corrent::PeerId> peer_id;
  std::optional<std::string> blocklist;
  std::vector<std::string> trackers;
  std::optional<std::uint64_t> limit_down;
  bool local = false;
};

cl::ClientOptions options_of(const Args& args) {
  cl::ClientOptions options;
  options.peer_id = args.peer_id;           // nullopt: "-CR0100-" and 12 random characters
  options.dht_node_id = cl::NodeIdBytes{};  // a fixed DHT node id (random if unset)
  options.dht_node_id->fill(0x5a);
  options.dht_port = 0;  // the DHT shares the torrent port's UDP socket
  options.torrent_port = 0;  // any free port; address() says which
  options.max_connections = 30;
  options.pex = true;
  options.web_seeds = true;
  options.seed_outgoing_connections = false;  // once complete, only take incoming peers
  options.download_limit = args.limit_down;
  options.upload_limit = 512 * 1024;
  if (args.blocklist) options.blocklist = *args.blocklist;
  options.default_trackers = args.trackers;
  options.storage = cl::DirectoryStorage{args.dir};
  if (args.local) sample::keep_local(options);
  return options;
}

std::string limit_text(const std::optional<std::uint64_t>& limit) {
  return limit ? std::to_string(*limit) : std::string("unlimited");
}

corrent::Task<int> run(Args args) {
  const auto executor = co_await asio::this_coro::executor;
  // A bad option is refused by name, never ignored.
  cl::ClientOptions no_host = options_of(args);
  no_host.listen_host.clear();
  auto refused = co_await cl::Client::create(executor, std::move(no_host));
  if (!refused) std::printf("refused listen_host: %s\n", refused.error().message().c_str());

  cl::ClientOptions options = options_of(args);  // named: GCC 12 and co_await temporaries
  auto client = co_await cl::Client::create(executor, std::move(options));
  if (!client) {
    std::fprintf(stderr, "%s\n", client.error().message().c_str());
    co_return 1;
  }
  auto& c = **client;
  std::printf("peer_id %s\n", std::string(c.peer_id()->view()).c_str());
  const auto address = c.address();  // named: a range-for over *c.address() would dangle
  for (const auto& endpoint : *address) std::printf("listening %s\n", endpoint.to_string().c_str());
  const auto limits = *c.rate_limits();
  std::printf("download_limit %s upload_limit %s\n", limit_text(limits.download).c_str(),
              limit_text(limits.upload).c_str());
  std::fflush(stdout);

  auto torrent = co_await c.add(std::move(args.source));
  if (!torrent) {
    std::fprintf(stderr, "%s\n", torrent.error().message().c_str());
    co_await c.destroy();
    co_return 1;
  }
  if (args.peer) (void)c.add_peer(torrent->info_hash(), *args.peer);
  const auto give_up = std::chrono::steady_clock::now() + kGiveUp;
  double done = 0;
  while (done < 1.0 && std::chrono::steady_clock::now() < give_up) {
    co_await sample::sleep_for(kPoll);
    done = torrent->progress().value_or(0);
  }
  std::printf("%s\n", done >= 1.0 ? "complete" : "gave up");
  co_await c.destroy();
  co_return done >= 1.0 ? 0 : 1;
}

// Usage errors as nullopt, said on stderr.
std::optional<Args> parse_args(int argc, char** argv) {
  Args args;
  std::vector<std::string_view> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--local") {
      args.local = true;
    } else if (arg == "--peer" && has_value) {
      args.peer = sample::endpoint(argv[++i]);
      if (!args.peer || args.peer->port() == 0) return std::nullopt;
    } else if (arg == "--peer-id" && has_value) {
      args.peer_id = corrent::PeerId::from_bytes(argv[++i]);
      if (!args.peer_id) {
        std::fprintf(stderr, "--peer-id: exactly 20 characters\n");
        return std::nullopt;
      }
    } else if (arg == "--blocklist" && has_value) {
      args.blocklist = argv[++i];
    } else if (arg == "--tracker" && has_value) {
      args.trackers.emplace_back(argv[++i]);
    } else if (arg == "--limit-down" && has_value) {
      args.limit_down = sample::number(argv[++i], std::numeric_limits<std::uint64_t>::max());
      if (!args.limit_down) return std::nullopt;
    } else if (arg.starts_with("--")) {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return std::nullopt;
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() != 2) return std::nullopt;
  args.source = positional[0];
  args.dir = positional[1];
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  auto args = parse_args(argc, argv);
  if (!args) {
    return sample::usage(argv[0],
                         "SOURCE DIR [--peer HOST:PORT] [--peer-id ID] [--blocklist FILE] [--tracker URL] "
                         "[--limit-down BYTES_PER_S] [--local]");
  }
  return sample::run_to_exit(run(std::move(*args)));
}
