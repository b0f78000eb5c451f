#pragma once
// A tiny HTTP server on 127.0.0.1 for tests of HTTP clients (the core's http_get, the
// tracker_http plugin): it accepts connections one at a time, reads each request's head,
// and writes whatever the handler returns, byte for byte, then closes. A handler returning
// nullopt leaves the connection open without answering (a tracker that never answers).
// Run serve() beside the client under `||`, so it is cancelled when the client is done:
//   co_await (server.serve(handler) || client());

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read_until.hpp>
#include <asio/steady_timer.hpp>
#include <asio/streambuf.hpp>
#include <asio/write.hpp>

#include "corrent/core/task.hpp"

namespace corrent::test {

class LoopbackHttpServer {
 public:
  /// Gets the request head (request line and headers); returns the raw response bytes.
  using Handler = std::function<std::optional<std::string>(const std::string& head)>;

  explicit LoopbackHttpServer(asio::io_context& io)
      : acceptor_(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}

  [[nodiscard]] std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  [[nodiscard]] std::string url(const std::string& target) const {
    return "http://127.0.0.1:" + std::to_string(port()) + target;
  }

  /// Serves until cancelled (or the acceptor fails).
  Task<void> serve(Handler handler) {
    while (true) {
      auto [ec, socket] = co_await acceptor_.async_accept(use_nothrow);
      if (ec) co_return;
      asio::streambuf head;
      auto [read_ec, n] = co_await asio::async_read_until(socket, head, "\r\n\r\n", use_nothrow);
      if (read_ec) continue;
      std::string text(asio::buffers_begin(head.data()),
                       asio::buffers_begin(head.data()) + static_cast<std::ptrdiff_t>(n));
      requests.push_back(text);
      const auto response = handler(text);
      if (!response) {  // hold the connection, silent, until cancelled
        asio::steady_timer forever(acceptor_.get_executor(), std::chrono::hours(1));
        co_await forever.async_wait(use_nothrow);
        co_return;
      }
      co_await asio::async_write(socket, asio::buffer(*response), use_nothrow);
    }
  }

  /// Every request head received, in order.
  std::vector<std::string> requests;

 private:
  asio::ip::tcp::acceptor acceptor_;
};

/// "HTTP/1.1 <status>" with a Content-Length body.
inline std::string http_reply(const std::string& body, const std::string& status = "200 OK",
                              const std::string& extra_headers = "") {
  return "HTTP/1.1 " + status + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         extra_headers + "\r\n" + body;
}

}  // namespace corrent::test
