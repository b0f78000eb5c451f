// client_api_throttling SOURCE DIR --rate BYTES_PER_S [--local] [--peer HOST:PORT]: changes
// a Client's download limit while it downloads (WebTorrent's "Speed Throttling"). The
// client starts unlimited; once the torrent is added, throttle_download(rate). Once a
// second it prints "download_speed <bytes/s>". kWindow after the first payload byte it
// prints "limited_average <bytes/s>" (the bytes downloaded over the window / its length),
// lifts the limit (throttle_download(nullopt)), prints "unlimited downloaded <bytes>", and
// once every byte is verified, "complete" (exit 0); or a message (exit 1). --peer offers
// a peer at once; --local keeps everything on 127.0.0.1 (no DHT, no LSD), as tests run it.
#include <algorithm>
#include <asio/this_coro.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "corrent/client/client.hpp"
#include "sample_support.hpp"

namespace cl = corrent::client;
using SteadyClock = std::chrono::steady_clock;

namespace {

/// How often the torrent's counters are read (ours: the first byte is seen within this,
/// and the window's end is hit exactly, see measure()).
constexpr std::chrono::milliseconds kPoll{50};
/// Between two download_speed lines (WebTorrent's example prints once a second).
constexpr std::chrono::seconds kSpeedPeriod{1};
/// The limit is measured over this long from the first payload byte (ours: 40 periods of
/// the throttle's 20 ms hand-out, throttle/limits.hpp, and short enough for CI).
constexpr std::chrono::seconds kWindow{4};
/// The whole run is given up after this (ours, as client_api_download).
constexpr std::chrono::seconds kGiveUp{600};

struct Args {
  std::string source;
  std::string dir;
  std::uint64_t rate = 0;
  std::optional<corrent::net::Endpoint> peer;
  bool local = false;
};

/// The torrent's downloaded bytes at a moment.
struct Sample {
  SteadyClock::time_point at;
  std::uint64_t downloaded = 0;
};

Sample take_sample(const cl::TorrentHandle& torrent) { return {SteadyClock::now(), torrent.downloaded().value_or(0)}; }

/// Prints the client's download speed once a period, on a fixed schedule from its start.
class SpeedLine {
 public:
  void maybe_print(const cl::Client& client) {
    const auto now = SteadyClock::now();
    if (now < next_) return;
    next_ += kSpeedPeriod;
    if (next_ <= now) next_ = now + kSpeedPeriod;  // a stalled executor: no burst of catch-up lines
    std::printf("download_speed %llu\n", static_cast<unsigned long long>(client.download_speed().value_or(0)));
    std::fflush(stdout);
  }

 private:
  SteadyClock::time_point next_ = SteadyClock::now() + kSpeedPeriod;
};

/// Waits for the first payload byte, then kWindow more, printing the speed; returns the
/// average over the window in bytes per second, or nullopt at `give_up`.
corrent::Task<std::optional<std::uint64_t>> measure(cl::Client* client, cl::TorrentHandle torrent, SpeedLine* speed,
                                                    SteadyClock::time_point give_up) {
  Sample start = take_sample(torrent);
  while (start.downloaded == 0 && start.at < give_up) {
    co_await sample::sleep_for(kPoll);
    speed->maybe_print(*client);
    start = take_sample(torrent);
  }
  if (start.downloaded == 0) co_return std::nullopt;
  const auto end_at = start.at + kWindow;
  while (SteadyClock::now() < end_at) {
    const auto wake = std::min(SteadyClock::now() + kPoll, end_at);
    co_await sample::sleep_until(wake);
    speed->maybe_print(*client);
  }
  const auto end = take_sample(torrent);
  const std::chrono::duration<double> seconds = end.at - start.at;
  co_return static_cast<std::uint64_t>(static_cast<double>(end.downloaded - start.downloaded) / seconds.count());
}

/// Waits until the torrent is complete (true) or `give_up` (false), printing the speed.
corrent::Task<bool> finish(cl::Client* client, cl::TorrentHandle torrent, SpeedLine* speed,
                           SteadyClock::time_point give_up) {
  while (torrent.progress().value_or(0) < 1.0) {
    if (SteadyClock::now() >= give_up) co_return false;
    co_await sample::sleep_for(kPoll);
    speed->maybe_print(*client);
  }
  co_return true;
}

corrent::Task<int> throttle(Args args) {
  const auto executor = co_await asio::this_coro::executor;
  cl::ClientOptions options;  // download_limit unset: the client starts unlimited
  options.storage = cl::DirectoryStorage{args.dir};
  if (args.local) sample::keep_local(options);
  auto client = co_await cl::Client::create(executor, std::move(options));
  if (!client) {
    std::fprintf(stderr, "%s\n", client.error().message().c_str());
    co_return 1;
  }
  auto torrent = co_await (*client)->add(std::move(args.source));
  std::optional<cl::ClientError> failed;
  if (!torrent) failed = torrent.error();
  if (auto limited = (*client)->throttle_download(args.rate); !limited) failed = limited.error();
  if (failed) {
    std::fprintf(stderr, "%s\n", failed->message().c_str());
    co_await (*client)->destroy();
    co_return 1;
  }
  if (args.peer) (void)(*client)->add_peer(torrent->info_hash(), *args.peer);
  const auto give_up = SteadyClock::now() + kGiveUp;
  const cl::TorrentHandle handle = *torrent;
  SpeedLine speed;
  const auto average = co_await measure(client->get(), handle, &speed, give_up);
  bool complete = false;
  if (average) {
    sample::say("limited_average " + std::to_string(*average));
    (void)(*client)->throttle_download(std::nullopt);
    sample::say("unlimited downloaded " + std::to_string(handle.downloaded().value_or(0)));
    complete = co_await finish(client->get(), handle, &speed, give_up);
  }
  if (complete) sample::say("complete");
  if (!complete) std::fprintf(stderr, "not complete after %llds\n", static_cast<long long>(kGiveUp.count()));
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
    } else if (arg == "--rate" && i + 1 < argc) {
      const auto rate = sample::number(argv[++i], std::numeric_limits<std::uint64_t>::max());
      if (!rate) {
        std::fprintf(stderr, "--rate %s: expected bytes per second, at least 1\n", argv[i]);
        return std::nullopt;
      }
      args.rate = *rate;
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
  if (positional != 2 || args.rate == 0) return std::nullopt;
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  auto args = parse_args(argc, argv);
  if (!args) return sample::usage(argv[0], "SOURCE DIR --rate BYTES_PER_S [--local] [--peer HOST:PORT]");
  return sample::run_to_exit(throttle(std::move(*args)));
}
