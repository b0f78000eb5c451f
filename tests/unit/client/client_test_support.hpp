#pragma once
// What the client API tests share: loopback options, a client made or the test fails,
// waiting for progress, reading exactly, matching an error code.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <string>

#include <asio/steady_timer.hpp>

#include "corrent/client/client.hpp"
#include "corrent/core/task.hpp"

namespace corrent::client::test {

using namespace std::chrono_literals;

/// Loopback only: no DHT, no LSD multicast, a port the system picks.
inline ClientOptions loopback_options() {
  ClientOptions options;
  options.listen_host = "127.0.0.1";
  options.dht = false;
  options.lsd = false;
  options.utp = false;  // TCP only, as before uTP existed; a test about uTP turns it on
  return options;
}

inline Task<std::unique_ptr<Client>> make_client(asio::any_io_executor ex, ClientOptions options) {
  auto made = co_await Client::create(ex, std::move(options));
  BOOST_TEST_REQUIRE(made.has_value(), (made ? "" : made.error().message()));
  co_return std::move(*made);
}

inline Task<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(corrent::use_nothrow);
}

/// Polls `handle`'s progress until it is 1.0 or `limit` passes; the last value.
inline Task<double> wait_complete(const TorrentHandle& handle, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  double progress = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto now = handle.progress();
    BOOST_TEST_REQUIRE(now.has_value(), (now ? "" : now.error().message()));
    progress = *now;
    if (progress >= 1.0) break;
    co_await sleep_for(50ms);
  }
  co_return progress;
}

/// Reads `n` bytes from the reader's position (several read() calls if need be).
inline Task<std::string> read_exactly(FileReader& reader, std::size_t n) {
  std::string out;
  while (out.size() < n) {
    auto bytes = co_await reader.read(n - out.size());
    BOOST_TEST_REQUIRE(bytes.has_value(), (bytes ? "" : bytes.error().message()));
    if (bytes->empty()) break;
    out.append(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  }
  co_return out;
}

template <class T>
bool fails_with(const ClientResult<T>& result, errc code) {
  if (result) return false;
  BOOST_TEST_MESSAGE("error: " << result.error().message());
  return result.error().code == code;
}

}  // namespace corrent::client::test
