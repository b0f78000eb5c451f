#include "ssdp_search.hpp"

#include <algorithm>
#include <array>
#include <string>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/multicast.hpp>
#include <asio/ip/udp.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/net/asio_endpoint.hpp"
#include "nat_upnp_limits.hpp"

namespace corrent::nat_upnp {
namespace {

using asio::ip::udp;
using namespace asio::experimental::awaitable_operators;

// UDA 1.1 section 1.1.2: the TTL of SSDP multicast should default to 2.
constexpr int kMulticastTtl = 2;

Result<udp::socket> open_socket(const asio::any_io_executor& executor, const net::Endpoint& target) {
  udp::socket socket(executor);
  asio::error_code ec;
  socket.open(udp::v4(), ec);
  if (!ec) socket.bind(udp::endpoint(udp::v4(), 0), ec);
  if (!ec && net::to_udp(target).address().is_multicast()) {
    socket.set_option(asio::ip::multicast::hops(kMulticastTtl), ec);
  }
  if (ec) return tl::make_unexpected(ec);
  return socket;
}

// Keeps `reply` unless one with the same LOCATION is kept already.
void keep(std::vector<SsdpReply>& kept, SsdpReply reply) {
  const auto same = [&](const SsdpReply& r) { return r.location == reply.location; };
  if (std::none_of(kept.begin(), kept.end(), same)) kept.push_back(std::move(reply));
}

}  // namespace

Task<Result<std::vector<SsdpReply>>> ssdp_search(asio::any_io_executor executor, SearchSettings settings) {
  CORRENT_CO_TRY(auto socket, open_socket(executor, settings.target));
  const auto target = net::to_udp(settings.target);
  const std::string host = settings.target.to_string();
  for (const auto st : kSearchTargets) {
    const std::string search = make_search(st, host);
    const auto sent = co_await socket.async_send_to(asio::buffer(search), target, use_nothrow);
    if (std::get<0>(sent)) co_return tl::make_unexpected(std::get<0>(sent));
  }
  std::vector<SsdpReply> kept;
  // One byte more than we accept, so that an oversize datagram is seen as such.
  std::array<char, kMaxSsdpReplySize + 1> buffer{};
  Timer timer(executor);
  const auto deadline = Clock::now() + settings.duration;
  for (std::size_t read = 0; read < kMaxSearchDatagrams && kept.size() < kMaxSearchReplies; ++read) {
    timer.expires_at(deadline);
    udp::endpoint sender;
    auto outcome = co_await (socket.async_receive_from(asio::buffer(buffer), sender, use_nothrow) ||
                             timer.async_wait(use_nothrow));
    if (outcome.index() == 1) {  // the time is up (or we were cancelled)
      const asio::error_code timer_ec = std::get<0>(std::get<1>(outcome));
      if (timer_ec == asio::error::operation_aborted) co_return tl::make_unexpected(timer_ec);
      break;
    }
    const asio::error_code ec = std::get<0>(std::get<0>(outcome));
    const std::size_t n = std::get<1>(std::get<0>(outcome));
    if (ec == asio::error::operation_aborted) co_return tl::make_unexpected(ec);
    if (ec) continue;  // e.g. an ICMP error from a previous send: keep listening
    auto reply = parse_ssdp_reply(std::string_view(buffer.data(), n), net::from_asio(sender));
    if (reply) keep(kept, std::move(*reply));
  }
  co_return kept;
}

}  // namespace corrent::nat_upnp
