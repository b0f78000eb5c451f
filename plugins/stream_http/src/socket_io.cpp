#include "socket_io.hpp"

#include <array>

#include <asio/write.hpp>

#include "corrent/net/timeout.hpp"
#include "serve_limits.hpp"

namespace corrent::stream_http {

namespace {

Task<Result<void>> write_unbounded(asio::ip::tcp::socket& socket, std::span<const char> bytes) {
  auto done = co_await asio::async_write(socket, asio::buffer(bytes.data(), bytes.size()), use_nothrow);
  if (std::get<0>(done)) co_return fail(std::get<0>(done));
  co_return Result<void>{};
}

Task<Result<void>> read_unbounded(asio::ip::tcp::socket& socket, std::string& buffer) {
  std::array<char, 4096> chunk{};
  auto got = co_await socket.async_read_some(asio::buffer(chunk), use_nothrow);
  if (std::get<0>(got)) co_return fail(std::get<0>(got));
  buffer.append(chunk.data(), std::get<1>(got));
  co_return Result<void>{};
}

}  // namespace

Task<Result<void>> write_all(asio::ip::tcp::socket& socket, std::span<const char> bytes, Clock::duration limit) {
  auto op = write_unbounded(socket, bytes);
  auto done = co_await net::with_timeout(std::move(op), limit);
  co_return done;
}

Task<Result<void>> read_more(asio::ip::tcp::socket& socket, std::string& buffer, Clock::duration limit) {
  auto op = read_unbounded(socket, buffer);
  auto done = co_await net::with_timeout(std::move(op), limit);
  co_return done;
}

Task<void> linger_close(asio::ip::tcp::socket& socket) {
  std::error_code ignored;
  socket.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  const auto until = Clock::now() + kLingerTime;
  std::string dropped;
  while (dropped.size() < kLingerBytes) {
    const auto now = Clock::now();
    if (now >= until) break;
    auto more = co_await read_more(socket, dropped, until - now);
    if (!more) break;  // the client closed, or the time is up
  }
  socket.close(ignored);
}

}  // namespace corrent::stream_http
