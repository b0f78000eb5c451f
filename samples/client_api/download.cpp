// client_api_download SOURCE [DIR] [--peer HOST:PORT] [--local]: downloads one torrent
// (a magnet, a .torrent path or URL, an info-hash) into DIR (default ".") with
// corrent::client::Client, printing its progress once a second until done (exit 0), or
// until kGiveUp (exit 1). --peer offers a peer at once; --local keeps everything on
// 127.0.0.1 (no DHT, no LSD), as the tests run it.
#include <asio/this_coro.hpp>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "corrent/client/client.hpp"
#include "sample_support.hpp"

namespace cl = corrent::client;

namespace {

/// Between two progress lines (ours: often enough to watch, few enough lines to read).
constexpr std::chrono::seconds kPeriod{1};
constexpr std::chrono::seconds kGiveUp{600};

struct Args {
  std::string source;
  std::string dir = ".";
  std::optional<corrent::net::Endpoint> peer;
  bool local = false;
};

corrent::Task<int> download(Args args) {
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
  int status = 1;
  const auto give_up = std::chrono::steady_clock::now() + kGiveUp;
  for (double done = 0; torrent && done < 1.0 && std::chrono::steady_clock::now() < give_up;) {
    co_await sample::sleep_for(kPeriod);
    auto progress = torrent->progress();
    if (!progress) break;
    done = *progress;
    std::printf("%5.1f%%  %d peers  %llu B/s\n", 100 * done, static_cast<int>(torrent->num_peers().value_or(0)),
                static_cast<unsigned long long>((*client)->download_speed().value_or(0)));
    std::fflush(stdout);
    status = done >= 1.0 ? 0 : 1;
  }
  co_await (*client)->destroy();
  co_return status;
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
    } else if (positional == 0) {
      args.source = arg;
      ++positional;
    } else if (positional == 1) {
      args.dir = arg;
      ++positional;
    } else {
      std::fprintf(stderr, "unexpected argument %s\n", argv[i]);
      return std::nullopt;
    }
  }
  if (positional == 0) return std::nullopt;
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  auto args = parse_args(argc, argv);
  if (!args) return sample::usage(argv[0], "SOURCE [DIR] [--peer HOST:PORT] [--local]");
  return sample::run_to_exit(download(std::move(*args)));
}
