#pragma once
// The UDP tracker protocol (BEP 15): resolve, connect (connection id cached while fresh),
// then announce or scrape, all through one UdpExchange (the session's UDP socket when
// there is a session; a SOCKS5 UDP association when a proxy is set, and then a tracker's
// name is resolved by the proxy, never here).

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>
#include <asio/ip/udp.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/net/socks5.hpp"
#include "corrent/tracker/limits.hpp"
#include "corrent/tracker/tracker_protocol.hpp"
#include "limits.hpp"
#include "udp_exchange.hpp"

namespace corrent::tracker_udp {

/// What register.cpp reads from the "tracker_udp" section.
struct UdpTrackerSettings {
  RetransmitPolicy retransmit{kUdpRetransmitBase, kUdpMaxRetransmits};
  std::chrono::milliseconds connection_id_lifetime = kConnectionIdLifetime;
  /// Longest wait for the tracker's host name to resolve.
  std::chrono::milliseconds resolve_timeout = tracker::kReceiveTimeout;
  /// Every datagram goes through a UDP association with this SOCKS5 proxy when set.
  std::optional<net::ProxySettings> proxy;
  /// Longest wait to open that association.
  std::chrono::milliseconds proxy_associate_timeout = kProxyAssociateTimeout;
};

class UdpTracker final : public tracker::TrackerProtocol {
 public:
  /// `datagrams`: the session's shared UDP sockets, or nullptr to open its own.
  UdpTracker(asio::any_io_executor executor, UdpTrackerSettings settings, net::DatagramService* datagrams)
      : executor_(executor), settings_(settings), exchange_(std::move(executor), datagrams, settings_.proxy) {}

  [[nodiscard]] std::vector<std::string> schemes() const override { return {"udp"}; }
  Task<tracker::TrackerResult<tracker::AnnounceResponse>> announce(
      std::string url, tracker::AnnounceRequest request) override;
  Task<tracker::TrackerResult<tracker::ScrapeResponse>> scrape(
      std::string url, std::vector<metainfo::InfoHash> info_hashes) override;
  Task<void> stop() override { return exchange_.stop(); }

 private:
  struct ConnectionId {
    std::uint64_t id = 0;
    Clock::time_point expires;
  };
  /// The tracker's address, or through a proxy its name as the URL gives it.
  Task<tracker::TrackerResult<net::Socks5Target>> resolve(std::string url);
  /// Through a proxy: opens the association unless open (connection ids are forgotten
  /// when it is a new one: the tracker sees a new source). Without one: nothing to do.
  Task<tracker::TrackerResult<void>> open_path();
  Task<tracker::TrackerResult<std::uint64_t>> connection_id(net::Socks5Target to);
  /// Resolves `url`, connects (or reuses a connection id), sends make(connection id,
  /// transaction id) and returns the reply.
  Task<tracker::TrackerResult<UdpReply>> connected_request(
      std::string url, std::function<std::vector<std::uint8_t>(std::uint64_t, std::uint32_t)> make);

  asio::any_io_executor executor_;
  UdpTrackerSettings settings_;
  UdpExchange exchange_;
  std::map<std::string, ConnectionId> connection_ids_;  // by target_text()
  std::uint64_t path_generation_ = 0;  // the association the connection ids were got on
};

}  // namespace corrent::tracker_udp
