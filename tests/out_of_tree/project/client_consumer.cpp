// Uses the installed client library (corrent::client, with the plugins it links): seeds a
// few KB from memory on 127.0.0.1, checks the handle's info-hash and name against a torrent
// made of the same bytes, and destroys the client. Exit 0 only if all of it worked.
#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/this_coro.hpp>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "corrent/client/client.hpp"
#include "corrent/metainfo/torrent_creator.hpp"

namespace cl = corrent::client;

namespace {

// Ours: a few KB, enough for a real piece without making the test slow.
constexpr std::size_t kPayloadBytes = 6000;
constexpr const char* kName = "client-consumer.bin";

std::string make_payload() {
  std::string payload(kPayloadBytes, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>('a' + i % 26);
  return payload;
}

// Checks the seeded torrent's handle; says what is wrong on stderr.
bool check_handle(const cl::TorrentHandle& torrent, const corrent::metainfo::InfoHash& expected) {
  if (torrent.info_hash() != expected) {
    std::fprintf(stderr, "info-hash %s, expected %s\n", torrent.info_hash().hex().c_str(), expected.hex().c_str());
    return false;
  }
  auto name = torrent.name();
  if (!name || *name != kName) {
    std::fprintf(stderr, "name %s, expected %s\n", name ? name->c_str() : name.error().message().c_str(), kName);
    return false;
  }
  std::printf("client_consumer: seeded %s %s\n", torrent.info_hash().hex().c_str(), name->c_str());
  return true;
}

corrent::Task<int> run() {
  const auto executor = co_await asio::this_coro::executor;
  const auto payload = make_payload();
  auto expected = corrent::metainfo::TorrentCreator().create_from_data(kName, payload);
  if (!expected) {
    std::fprintf(stderr, "create_from_data: %s\n", expected.error().message().c_str());
    co_return 1;
  }
  cl::ClientOptions options;
  options.storage = cl::MemoryStorage{};
  options.listen_host = "127.0.0.1";
  options.dht = false;
  options.lsd = false;
  auto client = co_await cl::Client::create(executor, std::move(options));
  if (!client) {
    std::fprintf(stderr, "create: %s\n", client.error().message().c_str());
    co_return 1;
  }
  // Named values, moved (GCC 12: no temporaries converted in the co_await expression).
  std::string name = kName;
  std::string bytes = payload;
  std::vector<std::string> announce;
  auto torrent = co_await (*client)->seed(std::move(name), std::move(bytes), std::move(announce));
  if (!torrent) std::fprintf(stderr, "seed: %s\n", torrent.error().message().c_str());
  const bool ok = torrent && check_handle(*torrent, expected->info_hash);
  co_await (*client)->destroy();
  client->reset();
  co_return ok ? 0 : 1;
}

}  // namespace

int main() {
  asio::io_context io;
  int status = 1;
  asio::co_spawn(io, run(), [&](std::exception_ptr error, int result) { status = error ? 1 : result; });
  io.run();
  if (status != 0) std::fprintf(stderr, "client_consumer: failed\n");
  return status;
}
