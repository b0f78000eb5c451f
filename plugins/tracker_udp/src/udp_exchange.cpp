#include "udp_exchange.hpp"

#include <array>
#include <cstring>
#include <exception>

#include <asio/co_spawn.hpp>
#include <asio/this_coro.hpp>

#include "corrent/core/condition.hpp"
#include "corrent/crypto/random.hpp"
#include "corrent/tracker/errc.hpp"
#include "corrent/tracker/limits.hpp"
#include "corrent/tracker/udp_tracker_packet.hpp"

namespace corrent::tracker_udp {

using asio::ip::udp;

/// A request waiting for its reply; lives in the requesting coroutine's frame.
struct UdpExchange::Waiter {
  udp::endpoint from;
  asio::steady_timer* timer = nullptr;
  std::optional<std::vector<std::uint8_t>> reply;
};

/// What the reader coroutines share with the exchange; they hold it alive until they end.
struct UdpExchange::Shared {
  explicit Shared(const asio::any_io_executor& executor)
      : v4(executor), v6(executor), readers_done(executor) {}
  udp::socket v4;
  udp::socket v6;
  std::map<std::uint32_t, Waiter*> waiters;
  int readers = 0;
  Condition readers_done;
  bool stopped = false;
};

namespace {

// Hands each datagram to the waiter of its transaction id, if it came from that waiter's
// tracker. Runs until the socket is closed.
Task<void> read_loop(std::shared_ptr<UdpExchange::Shared> shared, udp::socket* socket);

}  // namespace

UdpExchange::UdpExchange(asio::any_io_executor executor)
    : executor_(std::move(executor)), shared_(std::make_shared<Shared>(executor_)) {}

UdpExchange::~UdpExchange() {
  asio::error_code ignored;
  shared_->stopped = true;
  shared_->v4.close(ignored);
  shared_->v6.close(ignored);
}

std::uint32_t UdpExchange::new_transaction_id() const {
  while (true) {
    std::uint32_t tid = 0;
    std::array<std::byte, 4> bytes{};
    crypto::random_bytes(bytes);
    std::memcpy(&tid, bytes.data(), sizeof tid);
    if (shared_->waiters.count(tid) == 0) return tid;
  }
}

Result<udp::socket*> UdpExchange::socket_for(const udp::endpoint& to) {
  if (shared_->stopped) return tl::make_unexpected(asio::error::operation_aborted);
  const bool v6 = to.address().is_v6();
  udp::socket& socket = v6 ? shared_->v6 : shared_->v4;
  if (socket.is_open()) return &socket;
  asio::error_code ec;
  socket.open(v6 ? udp::v6() : udp::v4(), ec);
  if (!ec) socket.bind(udp::endpoint(v6 ? udp::v6() : udp::v4(), 0), ec);
  if (ec) {
    asio::error_code ignored;
    socket.close(ignored);
    return tl::make_unexpected(ec);
  }
  ++shared_->readers;
  asio::co_spawn(executor_, read_loop(shared_, &socket), [shared = shared_](std::exception_ptr) {
    --shared->readers;
    shared->readers_done.notify_all();
  });
  return &socket;
}

Task<Result<UdpReply>> UdpExchange::transact(udp::endpoint to, std::vector<std::uint8_t> packet,
                                             std::uint32_t tid, RetransmitPolicy policy) {
  CORRENT_CO_TRY(udp::socket* socket, socket_for(to));
  asio::steady_timer timer(executor_);
  Waiter waiter{to, &timer, std::nullopt};
  const auto shared = shared_;
  shared->waiters[tid] = &waiter;
  struct Unregister {
    Shared& shared;
    std::uint32_t tid;
    ~Unregister() { shared.waiters.erase(tid); }
  } unregister{*shared, tid};

  for (std::uint32_t n = 0; n <= policy.max_retransmits; ++n) {
    // A datagram send completes at once (the kernel queues it): no wait to bound.
    auto [ec, sent] = co_await socket->async_send_to(asio::buffer(packet), to, use_nothrow);
    if (ec) co_return tl::make_unexpected(ec);
    // BEP 15: wait base * 2^n for this attempt's reply.
    timer.expires_after(policy.base * (std::int64_t{1} << std::min<std::uint32_t>(n, 30)));
    co_await timer.async_wait(use_nothrow);
    if (waiter.reply) co_return UdpReply{tid, std::move(*waiter.reply), to.address().is_v6()};
    const auto state = co_await asio::this_coro::cancellation_state;
    if (state.cancelled() != asio::cancellation_type::none || shared->stopped) {
      co_return tl::make_unexpected(asio::error::operation_aborted);
    }
  }
  co_return tl::make_unexpected(tracker::errc::timed_out);
}

Task<void> UdpExchange::stop() {
  shared_->stopped = true;
  asio::error_code ignored;
  shared_->v4.close(ignored);
  shared_->v6.close(ignored);
  // The readers end as soon as they see the closed socket.
  (void)co_await shared_->readers_done.wait_until([this] { return shared_->readers == 0; });
}

namespace {

Task<void> read_loop(std::shared_ptr<UdpExchange::Shared> shared, udp::socket* socket) {
  std::vector<std::uint8_t> buffer(tracker::kUdpMaxPacketSize);
  udp::endpoint from;
  while (socket->is_open()) {
    auto [ec, n] = co_await socket->async_receive_from(asio::buffer(buffer), from, use_nothrow);
    if (ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor || !socket->is_open()) {
      co_return;
    }
    // Other errors (an ICMP "port unreachable" surfaces as connection_refused on the next
    // receive) concern one datagram; the requests time out on their own.
    if (ec) continue;
    const auto header = tracker::peek_udp_header({buffer.data(), n});
    if (!header) continue;
    const auto it = shared->waiters.find(header->transaction_id);
    if (it == shared->waiters.end() || it->second->from != from || it->second->reply) continue;
    it->second->reply.emplace(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
    it->second->timer->cancel();
  }
}

}  // namespace

}  // namespace corrent::tracker_udp
