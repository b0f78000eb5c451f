#include "stream_service.hpp"

#include <string_view>
#include <utility>

#include <asio/ip/tcp.hpp>
#include <asio/this_coro.hpp>

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/task_group.hpp"
#include "http_connection.hpp"
#include "http_response.hpp"
#include "server_state.hpp"
#include "socket_io.hpp"

namespace corrent::stream_http {

namespace {

using tcp = asio::ip::tcp;

constexpr std::chrono::milliseconds kAcceptErrorPause{100};
// A 503 is one small write into an empty socket buffer: it never takes long.
constexpr std::chrono::seconds kRefuseTimeout{2};

// The answer to a connection over max_connections.
std::string busy_response() {
  const std::string_view body = "too many connections; try again shortly\n";
  const Headers headers{{"Content-Type", "text/plain; charset=utf-8"},
                        {"Content-Length", std::to_string(body.size())},
                        {"Retry-After", "1"},
                        {"Connection", "close"}};
  return format_head(503, headers) + std::string(body);
}

// Counts a connection in `active` for as long as it is served.
struct Slot {
  explicit Slot(std::size_t& active) : active_(active) { ++active_; }
  ~Slot() { --active_; }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  std::size_t& active_;
};

Task<void> serve(tcp::socket socket, SessionView* session, ServerState* server, std::size_t* active) {
  const Slot slot(*active);
  co_await serve_connection(std::move(socket), *session, *server);
}

// Over the limit: told so without reading its request, and closed (lingering, so that the
// request it sent does not turn the close into a reset that loses the 503).
Task<void> refuse(tcp::socket socket, std::size_t* refusing) {
  const Slot slot(*refusing);
  const std::string busy = busy_response();
  (void)co_await write_all(socket, busy, kRefuseTimeout);
  co_await linger_close(socket);
}

// Past even that: closed at once.
void drop(tcp::socket socket) {
  std::error_code ignored;
  socket.close(ignored);
}

}  // namespace

StreamService::StreamService(asio::any_io_executor executor, StreamSettings settings,
                             plugins::StreamHttpObserver observer)
    : executor_(std::move(executor)), settings_(std::move(settings)), observer_(std::move(observer)) {}

Task<Result<void>> StreamService::run(SessionView& session) {
  tcp::acceptor acceptor(executor_);
  const auto where = net::to_tcp(settings_.bind);
  std::error_code ec;
  acceptor.open(where.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(where, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) co_return fail(ec);
  const auto bound = net::from_asio(acceptor.local_endpoint(ec));
  if (ec) co_return fail(ec);

  ServerState server(settings_, bound);
  if (observer_) observer_(plugins::StreamHttpListening{bound, server.settings.token});
  std::size_t active = 0;
  std::size_t refusing = 0;  // connections being told 503
  net::TaskGroup connections(executor_);
  while (true) {
    auto accepted = co_await acceptor.async_accept(use_nothrow);
    if (std::get<0>(accepted)) {
      if (std::get<0>(accepted) == asio::error::operation_aborted) break;  // the session stops
      // EMFILE, a reset before accept: the next one may do, after a pause that keeps
      // an error that persists from spinning.
      Timer pause(executor_, kAcceptErrorPause);
      const auto paused = co_await pause.async_wait(use_nothrow);
      if (std::get<0>(paused) == asio::error::operation_aborted) break;  // the session stops
      continue;
    }
    if (active >= server.settings.max_connections) {
      ++server.counters.refused;
      if (refusing < server.settings.max_connections) {
        connections.spawn(refuse(std::move(std::get<1>(accepted)), &refusing));
      } else {
        drop(std::move(std::get<1>(accepted)));
      }
      continue;
    }
    connections.spawn(serve(std::move(std::get<1>(accepted)), &session, &server, &active));
  }
  acceptor.close(ec);
  // Cancelled: the connections end before what they use does.
  co_await asio::this_coro::reset_cancellation_state();
  co_await connections.stop();
  co_return Result<void>{};
}

}  // namespace corrent::stream_http
