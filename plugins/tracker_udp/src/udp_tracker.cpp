#include "udp_tracker.hpp"

#include <functional>
#include <variant>

#include <asio/experimental/awaitable_operators.hpp>
#include "corrent/core/clock.hpp"

#include "corrent/net/asio_endpoint.hpp"
#include "corrent/net/url.hpp"
#include "corrent/plugins/tracker_udp/packet.hpp"
#include "corrent/tracker/errc.hpp"

namespace corrent::tracker_udp {
namespace {

using asio::ip::udp;
using tracker::errc;
using tracker::tracker_fail;
using tracker::TrackerError;
using namespace asio::experimental::awaitable_operators;

// host:port of a tracker, by address or by name.
std::string target_text(const net::Socks5Target& to) {
  if (const auto* address = std::get_if<net::Endpoint>(&to)) return address->to_string();
  const auto& name = std::get<net::Socks5HostName>(to);
  return name.name + ":" + std::to_string(name.port);
}

// An exchange error, with the tracker's address for people.
TrackerError exchange_error(std::error_code code, const net::Socks5Target& to) {
  std::string where = target_text(to);
  if (code == errc::timed_out) return {code, "no reply from " + where};
  return {code, where};
}

}  // namespace

Task<tracker::TrackerResult<net::Socks5Target>> UdpTracker::resolve(std::string url) {
  auto parsed = net::parse_url(url);
  if (!parsed || parsed->scheme != "udp") co_return tracker_fail(errc::bad_url, url);
  if (parsed->port == 0) co_return tracker_fail(errc::bad_url, "no port in " + url);
  // A literal address needs no resolver (whose lookups run on a thread of their own).
  std::error_code literal_error;
  const auto literal = asio::ip::make_address(parsed->host, literal_error);
  if (!literal_error) co_return net::from_asio(udp::endpoint(literal, parsed->port));
  // Through a proxy the name goes to the proxy (ATYP 3): no lookup of ours leaks it.
  if (settings_.proxy) co_return net::Socks5HostName{parsed->host, parsed->port};
  udp::resolver resolver(executor_);
  Timer timer(executor_, settings_.resolve_timeout);
  auto resolved = co_await (resolver.async_resolve(parsed->host, std::to_string(parsed->port), use_nothrow) ||
                            timer.async_wait(use_nothrow));
  if (resolved.index() != 0) co_return tracker_fail(errc::timed_out, "resolving " + parsed->host);
  auto [ec, results] = std::get<0>(std::move(resolved));
  if (ec == asio::error::operation_aborted) co_return tl::make_unexpected(TrackerError{ec, url});
  if (ec || results.empty()) co_return tracker_fail(errc::no_address, parsed->host);
  // The first address of a family we have a socket for ("localhost" may give ::1 first to
  // a session listening on 127.0.0.1 only); else the first, which then fails with
  // no_datagram_socket, naming the address.
  for (const auto& entry : results) {
    if (exchange_.can_send_to(entry.endpoint())) co_return net::from_asio(entry.endpoint());
  }
  co_return net::from_asio(results.begin()->endpoint());
}

Task<tracker::TrackerResult<void>> UdpTracker::open_path() {
  auto* proxy = exchange_.proxy();
  if (proxy == nullptr) co_return tracker::TrackerResult<void>{};
  auto opened = co_await proxy->open(settings_.proxy_associate_timeout);
  if (!opened) {
    // Never a direct datagram instead: the announce fails, naming the proxy.
    co_return tl::make_unexpected(
        TrackerError{opened.error(), "UDP ASSOCIATE with SOCKS5 proxy " + proxy->proxy_text()});
  }
  if (proxy->generation() != path_generation_) {
    connection_ids_.clear();  // BEP 15 ties a connection id to the source the tracker saw
    path_generation_ = proxy->generation();
  }
  co_return tracker::TrackerResult<void>{};
}

Task<tracker::TrackerResult<std::uint64_t>> UdpTracker::connection_id(net::Socks5Target to) {
  const auto now = Clock::now();
  const std::string key = target_text(to);
  if (const auto it = connection_ids_.find(key); it != connection_ids_.end() && it->second.expires > now) {
    co_return it->second.id;
  }
  auto reply = co_await exchange_.request(
      to, [](std::uint32_t tid) { return encode_udp_connect(tid); }, settings_.retransmit);
  if (!reply) co_return tl::make_unexpected(exchange_error(reply.error(), to));
  CORRENT_CO_TRY(const std::uint64_t id, decode_udp_connect(reply->packet, reply->transaction_id));
  // The lifetime runs from when the reply arrived (BEP 15: one minute).
  connection_ids_[key] = {id, Clock::now() + settings_.connection_id_lifetime};
  co_return id;
}

Task<tracker::TrackerResult<UdpReply>> UdpTracker::connected_request(
    std::string url, std::function<std::vector<std::uint8_t>(std::uint64_t, std::uint32_t)> make) {
  CORRENT_CO_TRY(const net::Socks5Target to, co_await resolve(url));
  CORRENT_CO_TRY_VOID(co_await open_path());
  CORRENT_CO_TRY(const std::uint64_t id, co_await connection_id(to));
  auto reply = co_await exchange_.request(
      to, [&](std::uint32_t tid) { return make(id, tid); }, settings_.retransmit);
  if (!reply) {
    connection_ids_.erase(target_text(to));  // perhaps the tracker forgot it: connect afresh next time
    co_return tl::make_unexpected(exchange_error(reply.error(), to));
  }
  co_return std::move(*reply);
}

Task<tracker::TrackerResult<tracker::AnnounceResponse>> UdpTracker::announce(
    std::string url, tracker::AnnounceRequest request) {
  // The family of the peers is that of the tracker's address, known after resolving.
  const auto make = [&request](std::uint64_t id, std::uint32_t tid) {
    return encode_udp_announce(id, tid, request);
  };
  CORRENT_CO_TRY(const UdpReply reply, co_await connected_request(url, make));
  const auto family = reply.from_v6 ? UdpFamily::v6 : UdpFamily::v4;
  co_return decode_udp_announce(reply.packet, reply.transaction_id, family);
}

Task<tracker::TrackerResult<tracker::ScrapeResponse>> UdpTracker::scrape(
    std::string url, std::vector<metainfo::InfoHash> info_hashes) {
  if (info_hashes.size() > tracker::kMaxScrapeInfoHashes) {
    co_return tracker_fail(errc::too_many_info_hashes, std::to_string(info_hashes.size()));
  }
  const auto make = [&info_hashes](std::uint64_t id, std::uint32_t tid) {
    return encode_udp_scrape(id, tid, info_hashes);
  };
  CORRENT_CO_TRY(const UdpReply reply, co_await connected_request(url, make));
  co_return decode_udp_scrape(reply.packet, reply.transaction_id, info_hashes);
}

}  // namespace corrent::tracker_udp
