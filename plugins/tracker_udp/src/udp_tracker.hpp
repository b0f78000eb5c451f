#pragma once
// The UDP tracker protocol (BEP 15): resolve, connect (connection id cached while fresh),
// then announce or scrape, all through one UdpExchange (the session's UDP socket when
// there is a session).

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>
#include <asio/ip/udp.hpp>

#include "corrent/core/clock.hpp"
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
};

class UdpTracker final : public tracker::TrackerProtocol {
 public:
  /// `datagrams`: the session's shared UDP sockets, or nullptr to open its own.
  UdpTracker(asio::any_io_executor executor, UdpTrackerSettings settings, net::DatagramService* datagrams)
      : executor_(executor), settings_(settings), exchange_(std::move(executor), datagrams) {}

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
  Task<tracker::TrackerResult<asio::ip::udp::endpoint>> resolve(std::string url);
  Task<tracker::TrackerResult<std::uint64_t>> connection_id(asio::ip::udp::endpoint to);
  /// Resolves `url`, connects (or reuses a connection id), sends make(connection id,
  /// transaction id) and returns the reply.
  Task<tracker::TrackerResult<UdpReply>> connected_request(
      std::string url, std::function<std::vector<std::uint8_t>(std::uint64_t, std::uint32_t)> make);

  asio::any_io_executor executor_;
  UdpTrackerSettings settings_;
  UdpExchange exchange_;
  std::map<asio::ip::udp::endpoint, ConnectionId> connection_ids_;
};

}  // namespace corrent::tracker_udp
