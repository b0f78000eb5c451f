#include "multicast_socket.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <utility>

#include <asio/error.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/multicast.hpp>
#include <asio/ip/v6_only.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/net/asio_endpoint.hpp"
#include "lsd_limits.hpp"

namespace corrent::lsd {
namespace {

bool is_any(const std::array<std::uint8_t, 4>& address) {
  return std::all_of(address.begin(), address.end(), [](std::uint8_t b) { return b == 0; });
}

Result<void> configure(asio::ip::udp::socket& s, const MulticastOptions& o) {
  namespace mc = asio::ip::multicast;
  const bool v6 = o.group == Group::v6;
  std::error_code ec;
  s.open(v6 ? asio::ip::udp::v6() : asio::ip::udp::v4(), ec);
  if (ec) return tl::make_unexpected(ec);
  // Every LSD client on the host binds the group's port.
  s.set_option(asio::ip::udp::socket::reuse_address(true), ec);
  if (!ec && v6) s.set_option(asio::ip::v6_only(true), ec);
  if (ec) return tl::make_unexpected(ec);
#ifdef IP_MULTICAST_ALL
  // Linux delivers to a socket bound to the any-address the datagrams of every group any
  // socket of the host joined on that port; we want our group's only.
  if (!v6) {
    const int off = 0;
    (void)::setsockopt(s.native_handle(), IPPROTO_IP, IP_MULTICAST_ALL, &off, sizeof off);
  }
#endif
  const auto any = v6 ? asio::ip::address(asio::ip::address_v6::any()) : asio::ip::address(asio::ip::address_v4::any());
  s.bind({any, o.port}, ec);
  if (ec) return tl::make_unexpected(ec);
  if (v6) {
    s.set_option(mc::join_group(asio::ip::address_v6(kGroupV6), o.interface_v6), ec);
    if (!ec && o.interface_v6 != 0) s.set_option(mc::outbound_interface(o.interface_v6), ec);
  } else {
    const asio::ip::address_v4 iface(o.interface_v4);
    s.set_option(mc::join_group(asio::ip::address_v4(kGroupV4), iface), ec);
    if (!ec && !is_any(o.interface_v4)) s.set_option(mc::outbound_interface(iface), ec);
  }
  if (!ec) s.set_option(mc::hops(kMulticastHops), ec);
  if (!ec) s.set_option(mc::enable_loopback(o.loop), ec);
  if (ec) return tl::make_unexpected(ec);
  return {};
}

}  // namespace

Result<std::unique_ptr<MulticastSocket>> MulticastSocket::open(asio::any_io_executor executor,
                                                               MulticastOptions options) {
  asio::ip::udp::socket socket(executor);
  if (auto configured = configure(socket, options); !configured) {
    std::error_code ignored;
    socket.close(ignored);
    return tl::make_unexpected(configured.error());
  }
  return std::unique_ptr<MulticastSocket>(new MulticastSocket(std::move(socket), options));
}

MulticastSocket::MulticastSocket(asio::ip::udp::socket socket, MulticastOptions options)
    : socket_(std::move(socket)), options_(options) {
  if (options_.group == Group::v6) {
    group_endpoint_ = {asio::ip::address_v6(kGroupV6), options_.port};
  } else {
    group_endpoint_ = {asio::ip::address_v4(kGroupV4), options_.port};
  }
}

Task<Result<std::size_t>> MulticastSocket::receive(std::span<std::uint8_t> buffer, net::Endpoint& from) {
  asio::ip::udp::endpoint sender;
  auto [ec, n] = co_await socket_.async_receive_from(asio::buffer(buffer.data(), buffer.size()), sender, use_nothrow);
  if (ec) co_return tl::make_unexpected(ec);
  from = net::from_asio(sender);
  co_return n;
}

Task<Result<void>> MulticastSocket::send(std::span<const std::uint8_t> bytes) {
  using asio::experimental::awaitable_operators::operator||;
  Timer timer(socket_.get_executor());
  timer.expires_after(kSendTimeout);
  auto sending = socket_.async_send_to(asio::buffer(bytes.data(), bytes.size()), group_endpoint_, use_nothrow);
  auto waiting = timer.async_wait(use_nothrow);  // named: GCC 12
  const auto first = co_await (std::move(sending) || std::move(waiting));
  if (first.index() == 1) co_return tl::make_unexpected(std::error_code(asio::error::timed_out));
  const auto [ec, n] = std::get<0>(first);
  if (ec) co_return tl::make_unexpected(ec);
  (void)n;
  co_return Result<void>{};
}

void MulticastSocket::close() {
  std::error_code ignored;
  socket_.close(ignored);
}

net::Endpoint MulticastSocket::local_endpoint() const {
  std::error_code ec;
  const auto at = socket_.local_endpoint(ec);
  return ec ? net::Endpoint{} : net::from_asio(at);
}

Result<unsigned int> interface_index_of(const std::array<std::uint8_t, 4>& address) {
  if (is_any(address)) return 0U;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return tl::make_unexpected(std::error_code(errno, std::system_category()));
  unsigned int index = 0;
  for (const ifaddrs* i = list; i != nullptr && index == 0; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
    sockaddr_in in{};
    std::memcpy(&in, i->ifa_addr, sizeof in);
    if (std::memcmp(&in.sin_addr, address.data(), address.size()) == 0) index = ::if_nametoindex(i->ifa_name);
  }
  ::freeifaddrs(list);
  if (index == 0) return tl::make_unexpected(std::make_error_code(std::errc::no_such_device));
  return index;
}

}  // namespace corrent::lsd
