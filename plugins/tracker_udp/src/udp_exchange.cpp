#include "udp_exchange.hpp"

#include <array>
#include <cstring>
#include <variant>

#include <asio/this_coro.hpp>

#include "corrent/crypto/random.hpp"
#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/error.hpp"
#include "corrent/plugins/tracker_udp/packet.hpp"
#include "corrent/tracker/errc.hpp"

namespace corrent::tracker_udp {

UdpExchange::UdpExchange(asio::any_io_executor executor, net::DatagramService* shared,
                         std::optional<net::ProxySettings> proxy)
    : executor_(std::move(executor)) {
  if (proxy) {
    // No socket of ours but the association's, and no handler on the shared service.
    service_ = nullptr;
    proxy_ = std::make_unique<UdpProxyAssociation>(executor_, std::move(*proxy),
                                                   [this](const RelayedDatagram& d) { claim_relayed(d); });
    return;
  }
  own_ = shared == nullptr ? std::make_unique<net::DatagramService>(executor_) : nullptr;
  service_ = shared == nullptr ? own_.get() : shared;
  registration_ = service_->add_handler("tracker_udp", [this](const net::Datagram& d) { return claim(d); });
}

UdpExchange::~UdpExchange() = default;

std::uint32_t UdpExchange::new_transaction_id() const {
  while (true) {
    std::uint32_t tid = 0;
    std::array<std::byte, 4> bytes{};
    crypto::random_bytes(bytes);
    std::memcpy(&tid, bytes.data(), sizeof tid);
    if (waiters_.count(tid) == 0) return tid;
  }
}

bool UdpExchange::claim(const net::Datagram& datagram) {
  return deliver(datagram.bytes, datagram.from, datagram.from.is_v6());
}

void UdpExchange::claim_relayed(const RelayedDatagram& datagram) {
  const auto* address = std::get_if<net::Endpoint>(&datagram.from);
  (void)deliver(datagram.payload, datagram.from, address != nullptr && address->is_v6());
}

bool UdpExchange::deliver(std::span<const std::uint8_t> bytes, const net::Socks5Target& from, bool from_v6) {
  const auto header = peek_udp_header(bytes);
  if (!header) return false;
  const auto it = waiters_.find(header->transaction_id);
  if (it == waiters_.end() || it->second->reply) return false;
  const bool by_name = std::holds_alternative<net::Socks5HostName>(it->second->from);
  if (!by_name && it->second->from != from) return false;
  it->second->reply.emplace(bytes.begin(), bytes.end());
  it->second->reply_v6 = from_v6;
  it->second->timer->cancel();
  return true;
}

bool UdpExchange::can_send_to(const asio::ip::udp::endpoint& to) const {
  return proxy_ != nullptr || own_ != nullptr || service_->can_send_to(net::from_asio(to));
}

Task<Result<void>> UdpExchange::send(const net::Socks5Target& to, const std::vector<std::uint8_t>& packet) {
  if (proxy_) co_return co_await proxy_->send(to, packet);
  const auto* address = std::get_if<net::Endpoint>(&to);
  // Only a proxy resolves names: without one, the tracker resolves before asking.
  if (address == nullptr) co_return fail(net::errc::bad_address);
  CORRENT_CO_TRY_VOID(ensure_socket(*address));
  co_return service_->send(*address, packet);
}

Result<void> UdpExchange::ensure_socket(const net::Endpoint& to) {
  if (own_ == nullptr || own_->can_send_to(to)) return {};
  const auto any = to.is_v6() ? net::Endpoint::v6({}, 0) : net::Endpoint::v4({}, 0);
  if (auto opened = own_->open(any); !opened) return tl::make_unexpected(opened.error());
  return {};
}

Task<Result<UdpReply>> UdpExchange::transact(net::Socks5Target to, std::vector<std::uint8_t> packet,
                                             std::uint32_t tid, RetransmitPolicy policy) {
  if (stopped_) co_return tl::make_unexpected(asio::error::operation_aborted);
  Timer timer(executor_);
  Waiter waiter{to, &timer, std::nullopt};
  waiters_[tid] = &waiter;
  struct Unregister {
    std::map<std::uint32_t, Waiter*>& waiters;
    std::uint32_t tid;
    ~Unregister() { waiters.erase(tid); }
  } unregister{waiters_, tid};

  for (std::uint32_t n = 0; n <= policy.max_retransmits; ++n) {
    CORRENT_CO_TRY_VOID(co_await send(to, packet));
    // A reply may have come during the send (through a proxy it is awaited).
    if (waiter.reply) co_return UdpReply{tid, std::move(*waiter.reply), waiter.reply_v6};
    // BEP 15: wait base * 2^n for this attempt's reply.
    timer.expires_after(policy.base * (std::int64_t{1} << std::min<std::uint32_t>(n, 30)));
    co_await timer.async_wait(use_nothrow);
    if (waiter.reply) co_return UdpReply{tid, std::move(*waiter.reply), waiter.reply_v6};
    const auto state = co_await asio::this_coro::cancellation_state;
    if (state.cancelled() != asio::cancellation_type::none || stopped_) {
      co_return tl::make_unexpected(asio::error::operation_aborted);
    }
  }
  co_return tl::make_unexpected(tracker::errc::timed_out);
}

Task<void> UdpExchange::stop() {
  stopped_ = true;
  for (auto& [tid, waiter] : waiters_) waiter->timer->cancel();
  registration_.reset();
  if (own_) co_await own_->stop();
  if (proxy_) co_await proxy_->stop();
}

}  // namespace corrent::tracker_udp
