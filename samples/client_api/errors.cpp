// client_api_errors TORRENT DIR [--bad-url URL] [--silent-peer HOST:PORT]
//                   [--corrupt-peer HOST:PORT] [--local]:
// the client API's errors (WebTorrent's "Error Handling"): each failure a user handles
// differently comes back as its own client::errc. Calls that fail at once (bad bytes, a
// bad info-hash, a missing file, a URL that fails, a duplicate, a removed torrent, a
// destroyed client) and what goes wrong while the torrent runs, from take_warnings(): a
// peer that never completes its handshake, a peer whose data fails the hash check.
// Prints "error CASE CODE | MESSAGE" and "warning CODE | MESSAGE" lines; exits 0 when
// every expected code was seen, 1 otherwise (naming the missing ones).
#include <asio/this_coro.hpp>
#include <chrono>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/client/client.hpp"
#include "sample_support.hpp"

namespace cl = corrent::client;

namespace {

/// How long the warnings may take: the encryption handshake's 15 s then the plaintext
/// handshake's 20 s for a silent peer, with room.
constexpr std::chrono::seconds kWarningWait{60};
/// How often the torrent's warnings are taken (ours: each appears well within this).
constexpr std::chrono::milliseconds kPoll{200};

struct Args {
  std::string torrent;
  std::string dir;
  std::optional<std::string> bad_url;
  std::optional<corrent::net::Endpoint> silent_peer;
  std::optional<corrent::net::Endpoint> corrupt_peer;
  bool local = false;
};

/// What the run saw, against what it expected.
struct Seen {
  std::set<std::string_view> expected;
  std::set<std::string_view> codes;

  template <class T>
  void failed(const char* what, const cl::ClientResult<T>& result, cl::errc expect) {
    expected.insert(cl::name(expect));
    if (result) {
      std::printf("error %s none | it succeeded\n", what);
      return;
    }
    const auto code = cl::name(result.error().code);
    codes.insert(code);
    std::printf("error %s %.*s | %s\n", what, static_cast<int>(code.size()), code.data(),
                result.error().message().c_str());
  }

  void warned(const cl::ClientError& warning) {
    const auto code = cl::name(warning.code);
    if (!codes.insert(code).second) return;  // each code once: a bad peer may repeat itself
    std::printf("warning %.*s | %s\n", static_cast<int>(code.size()), code.data(), warning.message().c_str());
  }
};

corrent::Task<int> run(Args args) {
  const auto executor = co_await asio::this_coro::executor;
  cl::ClientOptions options;
  options.storage = cl::MemoryStorage{};
  if (args.local) sample::keep_local(options);
  auto made = co_await cl::Client::create(executor, std::move(options));
  if (!made) {
    std::fprintf(stderr, "%s\n", made.error().message().c_str());
    co_return 1;
  }
  auto client = std::move(*made);
  Seen seen;

  cl::TorrentBytes garbage{"this is not a torrent"};
  auto r1 = co_await client->add(std::move(garbage));
  seen.failed("garbage_bytes", r1, cl::errc::invalid_torrent);
  std::string short_hash("abc123");
  auto r2 = co_await client->add(std::move(short_hash));
  seen.failed("short_info_hash", r2, cl::errc::invalid_info_hash);
  cl::TorrentPath missing{args.dir + "/missing.torrent"};
  auto r3 = co_await client->add(std::move(missing));
  seen.failed("missing_file", r3, cl::errc::file_not_found);
  if (args.bad_url) {
    cl::TorrentUrl url{*args.bad_url};
    auto r4 = co_await client->add(std::move(url));
    seen.failed("bad_url", r4, cl::errc::network);
  }

  cl::TorrentPath path{args.torrent};
  auto torrent = co_await client->add(std::move(path));
  if (!torrent) {
    std::fprintf(stderr, "%s: %s\n", args.torrent.c_str(), torrent.error().message().c_str());
    co_await client->destroy();
    co_return 1;
  }
  cl::TorrentPath again{args.torrent};
  auto r5 = co_await client->add(std::move(again));
  seen.failed("same_torrent_twice", r5, cl::errc::duplicate_torrent);

  // While it runs: peers that misbehave.
  if (args.silent_peer) {
    seen.expected.insert(cl::name(cl::errc::handshake_timed_out));
    (void)client->add_peer(torrent->info_hash(), *args.silent_peer);
  }
  if (args.corrupt_peer) {
    seen.expected.insert(cl::name(cl::errc::piece_verification_failed));
    (void)client->add_peer(torrent->info_hash(), *args.corrupt_peer);
  }
  const auto give_up = std::chrono::steady_clock::now() + kWarningWait;
  const auto all_seen = [&] {
    for (const auto code : seen.expected) {
      if (!seen.codes.contains(code)) return false;
    }
    return true;
  };
  while (!all_seen() && std::chrono::steady_clock::now() < give_up) {
    co_await sample::sleep_for(kPoll);
    for (const auto& warning : torrent->take_warnings().value_or(std::vector<cl::ClientError>{})) seen.warned(warning);
  }

  auto removed = co_await torrent->destroy();
  if (!removed) std::fprintf(stderr, "%s\n", removed.error().message().c_str());
  seen.failed("removed_torrent", torrent->progress(), cl::errc::torrent_destroyed);
  co_await client->destroy();
  std::string input(args.torrent);
  auto r6 = co_await client->add(std::move(input));
  seen.failed("destroyed_client", r6, cl::errc::client_destroyed);

  int status = 0;
  for (const auto code : seen.expected) {
    if (!seen.codes.contains(code)) {
      std::printf("missing %.*s\n", static_cast<int>(code.size()), code.data());
      status = 1;
    }
  }
  co_return status;
}

// Usage errors as nullopt.
std::optional<Args> parse_args(int argc, char** argv) {
  Args args;
  std::vector<std::string_view> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--local") {
      args.local = true;
    } else if (arg == "--bad-url" && has_value) {
      args.bad_url = argv[++i];
    } else if (arg == "--silent-peer" && has_value) {
      args.silent_peer = sample::endpoint(argv[++i]);
      if (!args.silent_peer) return std::nullopt;
    } else if (arg == "--corrupt-peer" && has_value) {
      args.corrupt_peer = sample::endpoint(argv[++i]);
      if (!args.corrupt_peer) return std::nullopt;
    } else if (arg.starts_with("--")) {
      return std::nullopt;
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() != 2) return std::nullopt;
  args.torrent = positional[0];
  args.dir = positional[1];
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  auto args = parse_args(argc, argv);
  if (!args) {
    return sample::usage(argv[0],
                         "TORRENT DIR [--bad-url URL] [--silent-peer HOST:PORT] [--corrupt-peer HOST:PORT] [--local]");
  }
  return sample::run_to_exit(run(std::move(*args)));
}
