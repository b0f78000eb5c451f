// client_api_progress SOURCE DIR [--local] [--peer HOST:PORT]: downloads one torrent (a
// magnet, a .torrent path or URL, an info-hash) into DIR with corrent::client::Client and
// watches it (WebTorrent's "Monitoring Download Progress"): every 250 ms a line
//   progress <percent, 2 decimals> downloaded <bytes> length <bytes> uploaded <bytes> peers <n>
// (length 0 while a magnet's metadata is pending), then "complete" once every byte is
// verified (exit 0), or a message after kGiveUp (exit 1). --peer offers a peer at once;
// --local keeps everything on 127.0.0.1 (no DHT, no LSD), as the tests run it.
#include <asio/this_coro.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "corrent/client/client.hpp"
#include "sample_support.hpp"

namespace cl = corrent::client;

namespace {

/// Between two progress lines (ours: WebTorrent's examples print on each "download"
/// event; a fixed period keeps the output a steady series a script can follow).
constexpr std::chrono::milliseconds kPeriod{250};
/// A download that has not completed after this is given up (ours, as client_api_download).
constexpr std::chrono::seconds kGiveUp{600};

struct Args {
  std::string source;
  std::string dir;
  std::optional<corrent::net::Endpoint> peer;
  bool local = false;
};

/// Progress 0..1 as a percentage rounded down to 2 decimals, so that "100.00" means done.
double percent(double progress) { return std::floor(progress * 10000.0) / 100.0; }

/// Prints one progress line; returns the torrent's progress, or nullopt if it failed.
std::optional<double> report(const cl::TorrentHandle& torrent) {
  auto progress = torrent.progress();
  if (!progress) {
    std::fprintf(stderr, "%s\n", progress.error().message().c_str());
    return std::nullopt;
  }
  std::printf("progress %.2f downloaded %llu length %llu uploaded %llu peers %u\n", percent(*progress),
              static_cast<unsigned long long>(torrent.downloaded().value_or(0)),
              static_cast<unsigned long long>(torrent.length().value_or(0)),  // 0: metadata pending
              static_cast<unsigned long long>(torrent.uploaded().value_or(0)),
              static_cast<unsigned>(torrent.num_peers().value_or(0)));
  std::fflush(stdout);
  return *progress;
}

corrent::Task<int> watch(Args args) {
  const auto executor = co_await asio::this_coro::executor;
  cl::ClientOptions options;
  options.storage = cl::DirectoryStorage{args.dir};
  if (args.local) sample::keep_local(options);
  auto client = co_await cl::Client::create(executor, std::move(options));
  if (!client) {
    std::fprintf(stderr, "%s\n", client.error().message().c_str());
    co_return 1;
  }
  auto torrent = co_await (*client)->add(std::move(args.source));
  if (!torrent) std::fprintf(stderr, "%s\n", torrent.error().message().c_str());
  if (torrent && args.peer) (void)(*client)->add_peer(torrent->info_hash(), *args.peer);
  bool complete = false;
  const auto give_up = std::chrono::steady_clock::now() + kGiveUp;
  while (torrent && std::chrono::steady_clock::now() < give_up) {
    const auto progress = report(*torrent);
    if (!progress) break;
    if (*progress >= 1.0) {
      complete = true;
      break;
    }
    co_await sample::sleep_for(kPeriod);
  }
  if (complete) {
    sample::say("complete");
  } else if (torrent) {
    std::fprintf(stderr, "not complete after %llds\n", static_cast<long long>(kGiveUp.count()));
  }
  co_await (*client)->destroy();
  co_return complete ? 0 : 1;
}

// Usage errors as nullopt, said on stderr.
std::optional<Args> parse_args(int argc, char** argv) {
  Args args;
  int positional = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--local") {
      args.local = true;
    } else if (arg == "--peer" && i + 1 < argc) {
      args.peer = sample::parse_peer(argv[++i]);
      if (!args.peer) return std::nullopt;
    } else if (!arg.starts_with("--") && positional == 0) {
      args.source = arg;
      ++positional;
    } else if (!arg.starts_with("--") && positional == 1) {
      args.dir = arg;
      ++positional;
    } else {
      std::fprintf(stderr, "unexpected argument %s\n", argv[i]);
      return std::nullopt;
    }
  }
  if (positional != 2) return std::nullopt;
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  auto args = parse_args(argc, argv);
  if (!args) return sample::usage(argv[0], "SOURCE DIR [--local] [--peer HOST:PORT]");
  return sample::run_to_exit(watch(std::move(*args)));
}
