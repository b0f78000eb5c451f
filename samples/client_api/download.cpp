// client_api_download MAGNET|TORRENT|URL [DIR]: downloads one torrent into DIR (default
// ".") with corrent::client::Client, printing its progress once a second until done.
#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <chrono>
#include <cstdio>
#include <string>

#include "corrent/client/client.hpp"

namespace cl = corrent::client;

corrent::Task<int> download(std::string what, std::string dir) {
  auto executor = co_await asio::this_coro::executor;
  cl::ClientOptions options;
  options.storage = cl::DirectoryStorage{dir};
  auto client = co_await cl::Client::create(executor, std::move(options));
  if (!client) {
    std::fprintf(stderr, "%s\n", client.error().message().c_str());
    co_return 1;
  }
  auto torrent = co_await (*client)->add(std::move(what));
  int status = 1;
  if (!torrent) std::fprintf(stderr, "%s\n", torrent.error().message().c_str());
  asio::steady_timer tick(executor);
  for (double done = 0; torrent && done < 1.0;) {
    tick.expires_after(std::chrono::seconds(1));
    co_await tick.async_wait(corrent::use_nothrow);
    auto progress = torrent->progress();
    if (!progress) break;
    done = *progress;
    std::printf("%5.1f%%  %d peers  %llu B/s\n", 100 * done, static_cast<int>(torrent->num_peers().value_or(0)),
                static_cast<unsigned long long>((*client)->download_speed().value_or(0)));
    status = done >= 1.0 ? 0 : 1;
  }
  co_await (*client)->destroy();
  co_return status;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s MAGNET|TORRENT|URL [DIR]\n", argv[0]);
    return 2;
  }
  asio::io_context io;
  int status = 1;
  asio::co_spawn(io, download(argv[1], argc > 2 ? argv[2] : "."), [&](std::exception_ptr, int s) { status = s; });
  io.run();
  return status;
}
