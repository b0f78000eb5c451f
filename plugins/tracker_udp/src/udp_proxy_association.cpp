#include "udp_proxy_association.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <utility>

#include <asio/connect.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>

#include "control_stream.hpp"
#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/error.hpp"
#include "corrent/net/timeout.hpp"
#include "limits.hpp"

namespace corrent::tracker_udp {

using asio::ip::tcp;
using asio::ip::udp;
using namespace asio::experimental::awaitable_operators;

struct UdpProxyAssociation::Live {
  explicit Live(const asio::any_io_executor& executor) : control(executor), socket(executor) {}
  // Ends the association: the proxy drops it when the control connection closes.
  void close() {
    open = false;
    asio::error_code ignored;
    control.close(ignored);
    socket.close(ignored);
  }
  tcp::socket control;  // kept open while the association is used (RFC 1928 section 7)
  udp::socket socket;   // ours alone: the one source the proxy was told to expect
  udp::endpoint relay;
  bool open = false;
};

UdpProxyAssociation::UdpProxyAssociation(asio::any_io_executor executor, net::ProxySettings proxy,
                                         Handler handler)
    : executor_(std::move(executor)),
      proxy_(std::move(proxy)),
      handler_(std::move(handler)),
      tasks_(executor_),
      opened_(executor_) {}

UdpProxyAssociation::~UdpProxyAssociation() {
  if (live_) live_->close();
}

bool UdpProxyAssociation::is_open() const { return live_ != nullptr && live_->open; }

std::string UdpProxyAssociation::proxy_text() const {
  const bool v6 = proxy_.host.find(':') != std::string::npos;
  return (v6 ? "[" + proxy_.host + "]" : proxy_.host) + ":" + std::to_string(proxy_.port);
}

Task<Result<void>> UdpProxyAssociation::open(std::chrono::milliseconds timeout) {
  if (stopped_) co_return tl::make_unexpected(asio::error::operation_aborted);
  if (is_open()) co_return Result<void>{};
  if (opening_) {
    const bool woken = co_await opened_.wait_until([this] { return !opening_; });
    if (!woken) co_return tl::make_unexpected(asio::error::operation_aborted);
    co_return last_open_;
  }
  opening_ = true;
  struct Done {
    UdpProxyAssociation& self;
    ~Done() {
      self.opening_ = false;
      self.opened_.notify_all();
    }
  } done{*this};
  if (live_) live_->close();  // a dead one: its task ends on its own
  live_.reset();
  auto live = std::make_shared<Live>(executor_);
  last_open_ = co_await net::with_timeout(associate(live, timeout), timeout);
  if (last_open_ && stopped_) last_open_ = tl::make_unexpected(std::error_code(asio::error::operation_aborted));
  if (!last_open_) {
    live->close();
    co_return last_open_;
  }
  live->open = true;
  live_ = live;
  ++generation_;
  tasks_.spawn(run(live));
  co_return Result<void>{};
}

Task<Result<void>> UdpProxyAssociation::associate(std::shared_ptr<Live> live, std::chrono::milliseconds timeout) {
  if (auto literal = proxy_.literal_endpoint()) {
    auto [ec] = co_await live->control.async_connect(net::to_tcp(*literal), use_nothrow);
    if (ec) co_return tl::make_unexpected(ec);
  } else {
    // The proxy's own name: no tracker's name is looked up around the proxy.
    tcp::resolver resolver(executor_);
    auto [ec, results] = co_await resolver.async_resolve(proxy_.host, std::to_string(proxy_.port), use_nothrow);
    if (ec) co_return tl::make_unexpected(ec);
    auto [connect_ec, at] = co_await asio::async_connect(live->control, results, use_nothrow);
    if (connect_ec) co_return tl::make_unexpected(connect_ec);
  }
  // Our datagrams leave from the address that reaches the proxy, on a port of their own;
  // the proxy is told that address and port, so it relays from nobody else.
  asio::error_code ec;
  const auto local = live->control.local_endpoint(ec);
  if (!ec) live->socket.open(local.address().is_v6() ? udp::v6() : udp::v4(), ec);
  if (!ec) live->socket.bind(udp::endpoint(local.address(), 0), ec);
  if (ec) co_return tl::make_unexpected(ec);
  const auto sender = net::from_asio(live->socket.local_endpoint(ec));
  if (ec) co_return tl::make_unexpected(ec);
  ControlStream stream(live->control);
  CORRENT_CO_TRY(const net::Endpoint relay, co_await net::socks5_udp_associate(stream, sender, proxy_, timeout));
  live->relay = net::to_udp(relay);
  co_return Result<void>{};
}

Task<void> UdpProxyAssociation::run(std::shared_ptr<Live> live) {
  struct Close {
    Live& live;
    ~Close() { live.close(); }
  } close{*live};
  // Whichever ends first ends the association: the proxy closed the control connection,
  // or the relay socket failed. The next open() makes a new one.
  co_await (watch_control(live) || receive(live));
}

Task<void> UdpProxyAssociation::watch_control(std::shared_ptr<Live> live) {
  // The proxy sends nothing after its reply; anything it sends anyway is read and ignored.
  std::array<std::byte, 64> buffer{};
  while (true) {
    auto [ec, n] = co_await live->control.async_read_some(asio::buffer(buffer), use_nothrow);
    if (ec) co_return;
  }
}

Task<void> UdpProxyAssociation::receive(std::shared_ptr<Live> live) {
  std::vector<std::uint8_t> buffer(kSocks5UdpHeaderMax + kUdpMaxPacketSize);
  udp::endpoint from;
  while (true) {
    auto [ec, n] = co_await live->socket.async_receive_from(asio::buffer(buffer), from, use_nothrow);
    if (ec) co_return;
    if (from != live->relay) continue;  // only the relay speaks for the association
    const auto datagram = std::span<const std::uint8_t>(buffer.data(), n);
    const auto header = net::parse_socks5_udp_header(std::as_bytes(datagram));
    if (!header) continue;  // truncated, fragmented (we do not reassemble), bad ATYP
    handler_(RelayedDatagram{header->target, datagram.subspan(header->size)});
  }
}

Task<Result<void>> UdpProxyAssociation::send(net::Socks5Target to, std::vector<std::uint8_t> payload) {
  const auto live = live_;  // kept across the wait: a new association may replace it
  if (live == nullptr || !live->open) co_return fail(net::errc::stream_closed);
  CORRENT_CO_TRY(auto datagram, net::encode_socks5_udp_header(to));
  const auto bytes = std::as_bytes(std::span<const std::uint8_t>(payload));
  datagram.insert(datagram.end(), bytes.begin(), bytes.end());
  auto [ec, n] = co_await live->socket.async_send_to(asio::buffer(datagram), live->relay, use_nothrow);
  if (ec) co_return tl::make_unexpected(ec);
  co_return Result<void>{};
}

Task<void> UdpProxyAssociation::stop() {
  stopped_ = true;
  if (live_) live_->close();
  co_await tasks_.stop();
  live_.reset();
}

}  // namespace corrent::tracker_udp
