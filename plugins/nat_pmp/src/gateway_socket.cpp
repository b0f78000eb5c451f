#include "gateway_socket.hpp"

#include <tuple>
#include <variant>

#include <asio/buffer.hpp>
#include <asio/error.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/this_coro.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/net/asio_endpoint.hpp"
#include "nat_pmp_errc.hpp"
#include "nat_pmp_limits.hpp"

namespace corrent::nat_pmp {
namespace {

std::error_code aborted() { return asio::error::operation_aborted; }

// Read after every co_await (`co_await asio::this_coro::cancellation_state`, which never
// throws): once the coroutine is cancelled, any other co_await throws operation_aborted,
// so the caller must return the error as a value instead.
bool is_cancelled(const asio::cancellation_state& state) {
  return state.cancelled() != asio::cancellation_type::none;
}

// Waits until `timer` expires: false, this attempt had no answer; operation_aborted when
// cancelled.
Task<Result<bool>> wait_out(Timer& timer) {
  const auto waited = co_await timer.async_wait(use_nothrow);  // no structured binding: GCC 12
  const auto ec = std::get<0>(waited);
  const auto state = co_await asio::this_coro::cancellation_state;
  if (is_cancelled(state) || ec == asio::error::operation_aborted) co_return tl::make_unexpected(aborted());
  co_return false;
}

}  // namespace

Result<std::unique_ptr<GatewaySocket>> GatewaySocket::open(asio::any_io_executor executor, net::Endpoint gateway) {
  asio::ip::udp::socket socket(executor);
  std::error_code ec;
  socket.open(asio::ip::udp::v4(), ec);
  if (!ec) socket.connect(net::to_udp(gateway), ec);  // UDP: no packet sent, only the route chosen
  // Sends are synchronous (a datagram of at most 60 bytes): never let one block the thread.
  if (!ec) socket.non_blocking(true, ec);
  if (ec) return tl::make_unexpected(ec);
  const auto local = socket.local_endpoint(ec);
  if (ec) return tl::make_unexpected(ec);
  if (!local.address().is_v4()) return fail(errc::no_gateway);
  return std::unique_ptr<GatewaySocket>(
      new GatewaySocket(std::move(socket), gateway, local.address().to_v4().to_bytes()));
}

GatewaySocket::GatewaySocket(asio::ip::udp::socket socket, net::Endpoint gateway, Ipv4Bytes internal)
    : socket_(std::move(socket)), gateway_(gateway), internal_(internal) {}

Task<Result<std::vector<std::uint8_t>>> GatewaySocket::exchange(std::vector<std::uint8_t> request,
                                                                 AcceptReply accept, std::uint32_t attempts) {
  std::vector<std::uint8_t> reply;
  auto wait = std::chrono::steady_clock::duration(kInitialRetransmit);
  for (std::uint32_t attempt = 0; attempt < attempts; ++attempt, wait *= 2) {
    // A UDP send on a non-full buffer completes at once; a failed one (an ICMP error of an
    // earlier send, say) counts as an attempt without answer.
    std::error_code ec;
    socket_.send(asio::buffer(request), 0, ec);
    auto waiting = await_reply(accept, reply, wait);  // named: GCC 12
    auto answered = co_await std::move(waiting);
    if (!answered) co_return tl::make_unexpected(answered.error());
    if (*answered) co_return std::move(reply);
  }
  co_return fail(errc::timed_out);
}

Task<Result<bool>> GatewaySocket::await_reply(const AcceptReply& accept, std::vector<std::uint8_t>& reply,
                                              std::chrono::steady_clock::duration wait) {
  using asio::experimental::awaitable_operators::operator||;
  const auto executor = co_await asio::this_coro::executor;
  Timer timer(executor);
  timer.expires_after(wait);
  std::vector<std::uint8_t> buffer(kReceiveBufferSize);
  for (std::uint32_t ignored = 0; ignored < kMaxIgnoredPerExchange; ++ignored) {
    asio::ip::udp::endpoint from;
    auto receive = socket_.async_receive_from(asio::buffer(buffer), from, use_nothrow);
    auto expiry = timer.async_wait(use_nothrow);
    auto either = (std::move(receive) || std::move(expiry));  // named: GCC 12
    const auto first = co_await std::move(either);
    const auto state = co_await asio::this_coro::cancellation_state;
    if (is_cancelled(state)) co_return tl::make_unexpected(aborted());
    if (first.index() == 1) co_return false;  // this attempt's wait ran out
    const auto& received = std::get<0>(first);
    const auto ec = std::get<0>(received);
    // An ICMP error (port unreachable) reported on the connected socket: no answer this
    // time; wait out the attempt rather than spin on the error.
    if (ec) {
      auto rest = wait_out(timer);  // named: GCC 12
      co_return co_await std::move(rest);
    }
    const auto bytes = std::span<const std::uint8_t>(buffer.data(), std::get<1>(received));
    if (net::from_asio(from) == gateway_ && accept(bytes)) {
      reply.assign(bytes.begin(), bytes.end());
      co_return true;
    }
    ++ignored_;
  }
  // A flood of datagrams that are not the answer: stop reading until the attempt is over.
  auto rest = wait_out(timer);  // named: GCC 12
  co_return co_await std::move(rest);
}

}  // namespace corrent::nat_pmp
