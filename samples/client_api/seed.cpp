// client_api_seed NAME FILE_OR_SIZE DIR [--local] [--port N] [--timeout S]: seeds a file
// with corrent::client::Client (WebTorrent's "Seeding Files"): the bytes of FILE, or SIZE
// made-up bytes, are written to DIR/NAME and seeded. It prints, one fact a line:
//   info_hash <40 hex>
//   magnet <uri>
//   listening <host:port>            (one line per listening address)
// then seeds until peers have downloaded as many bytes as the torrent holds ("uploaded
// <n>", exit 0), or until the timeout (exit 1). --local keeps everything on 127.0.0.1 (no
// DHT, no LSD), as the tests run it; --port picks the listening port (default: any).
#include <asio/this_coro.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/client/client.hpp"
#include "sample_support.hpp"

namespace cl = corrent::client;

namespace {

/// How often the upload count is looked at (ours: often enough to end soon after the peer
/// has everything, rarely enough to cost nothing).
constexpr std::chrono::milliseconds kPoll{250};
/// Default --timeout (ours: a local peer takes seconds; a long wait means nobody came).
constexpr std::chrono::seconds kDefaultTimeout{300};
/// After the last byte is sent, time for it to leave our socket before the client closes
/// the connection (ours: loopback delivers it in far less).
constexpr std::chrono::seconds kLinger{1};
/// Largest FILE or SIZE (ours: seed() takes the bytes in memory).
constexpr std::uintmax_t kMaxBytes = 1ull << 30;

struct Args {
  std::string name;
  std::string file_or_size;
  std::string dir;
  bool local = false;
  std::uint16_t port = 0;
  std::chrono::seconds timeout = kDefaultTimeout;
};

/// The bytes of the file `what` names, or, if it is a number, that many made-up bytes
/// (the same every time). Errors as nullopt, said on stderr.
std::optional<std::string> payload(const std::string& what) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(what, ec)) {
    const auto size = std::filesystem::file_size(what, ec);
    if (ec || size > kMaxBytes) {
      std::fprintf(stderr, "%s: unreadable or over %llu bytes\n", what.c_str(),
                   static_cast<unsigned long long>(kMaxBytes));
      return std::nullopt;
    }
    std::ifstream in(what, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() != size) {
      std::fprintf(stderr, "%s: read %zu of %llu bytes\n", what.c_str(), bytes.size(),
                   static_cast<unsigned long long>(size));
      return std::nullopt;
    }
    return bytes;
  }
  const auto size = sample::number(what, kMaxBytes);
  if (!size) {
    std::fprintf(stderr, "%s: neither a file nor a size from 1 to %llu\n", what.c_str(),
                 static_cast<unsigned long long>(kMaxBytes));
    return std::nullopt;
  }
  std::mt19937_64 random(7);
  std::string bytes(*size, '\0');
  for (auto& c : bytes) c = static_cast<char>(random());
  return bytes;
}

corrent::Task<int> seed(Args args) {
  auto bytes = payload(args.file_or_size);
  if (!bytes) co_return 1;
  const auto executor = co_await asio::this_coro::executor;
  cl::ClientOptions options;
  options.storage = cl::DirectoryStorage{args.dir};
  options.torrent_port = args.port;
  if (args.local) sample::keep_local(options);
  auto client = co_await cl::Client::create(executor, std::move(options));
  if (!client) {
    std::fprintf(stderr, "%s\n", client.error().message().c_str());
    co_return 1;
  }
  std::vector<std::string> announce;  // no tracker: peers come to us by address
  auto torrent = co_await (*client)->seed(std::move(args.name), std::move(*bytes), std::move(announce));
  if (!torrent) {
    std::fprintf(stderr, "%s\n", torrent.error().message().c_str());
    co_await (*client)->destroy();
    co_return 1;
  }
  sample::say("info_hash " + torrent->info_hash().hex());
  sample::say("magnet " + torrent->magnet_uri().value_or("?"));
  const auto endpoints = (*client)->address().value_or(std::vector<corrent::net::Endpoint>{});
  for (const auto& endpoint : endpoints) sample::say("listening " + endpoint.to_string());
  const auto length = torrent->length().value_or(0);
  std::uint64_t uploaded = 0;
  const auto give_up = std::chrono::steady_clock::now() + args.timeout;
  while (uploaded < length && std::chrono::steady_clock::now() < give_up) {
    co_await sample::sleep_for(kPoll);
    auto now_uploaded = torrent->uploaded();
    if (!now_uploaded) break;
    uploaded = *now_uploaded;
  }
  int status = 0;
  if (uploaded >= length) {
    co_await sample::sleep_for(kLinger);
    sample::say("uploaded " + std::to_string(uploaded));
  } else {
    std::fprintf(stderr, "gave up after %llds: uploaded %llu of %llu bytes\n",
                 static_cast<long long>(args.timeout.count()), static_cast<unsigned long long>(uploaded),
                 static_cast<unsigned long long>(length));
    status = 1;
  }
  co_await (*client)->destroy();
  co_return status;
}

// Usage errors as nullopt, said on stderr.
std::optional<Args> parse_args(int argc, char** argv) {
  Args args;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--local") {
      args.local = true;
    } else if (arg == "--port" && i + 1 < argc) {
      auto port = sample::number(argv[++i], 65535);
      if (!port) {
        std::fprintf(stderr, "--port %s: expected 1 to 65535\n", argv[i]);
        return std::nullopt;
      }
      args.port = static_cast<std::uint16_t>(*port);
    } else if (arg == "--timeout" && i + 1 < argc) {
      auto seconds = sample::number(argv[++i], 24 * 3600);
      if (!seconds) {
        std::fprintf(stderr, "--timeout %s: expected seconds, 1 to 86400\n", argv[i]);
        return std::nullopt;
      }
      args.timeout = std::chrono::seconds(*seconds);
    } else if (!arg.starts_with("--") && positional.size() < 3) {
      positional.emplace_back(arg);
    } else {
      std::fprintf(stderr, "unexpected argument %s\n", argv[i]);
      return std::nullopt;
    }
  }
  if (positional.size() != 3) return std::nullopt;
  args.name = positional[0];
  args.file_or_size = positional[1];
  args.dir = positional[2];
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  auto args = parse_args(argc, argv);
  if (!args) return sample::usage(argv[0], "NAME FILE_OR_SIZE DIR [--local] [--port N] [--timeout S]");
  return sample::run_to_exit(seed(std::move(*args)));
}
