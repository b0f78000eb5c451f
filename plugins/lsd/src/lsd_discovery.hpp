#pragma once
// LsdDiscovery: Local Service Discovery (BEP 14) as a Discovery plugin. One object serves
// the session: a MulticastSocket per group (IPv4 239.192.152.143, and IPv6 ff15::efc0:988f
// when asked for and the host allows it), a sender and a receiver per socket, all in one
// TaskGroup.
//
// Sending: run() adds the torrent's info-hash to an AnnounceSchedule (due at once, then
// every `interval`); the sender puts every due info-hash into one announce (at most
// kMaxInfohashesPerAnnounce), with our TCP port and our cookie, and sends it to each group
// when the SendBudget allows (BEP 14: no more than one announce a minute, after a short
// burst). Receiving: each datagram goes through an InboundFilter (strict parse, our own
// cookie dropped, per-source rate limit); an accepted announce gives its source address
// with the announced Port to every running torrent of a matching info-hash.
// Never for private torrents (BEP 27).

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/condition.hpp"
#include "corrent/discovery/discovery.hpp"
#include "corrent/net/task_group.hpp"
#include "corrent/net/wake.hpp"
#include "announce_schedule.hpp"
#include "inbound_filter.hpp"
#include "lsd_limits.hpp"
#include "multicast_socket.hpp"
#include "send_budget.hpp"

namespace corrent::lsd {

/// What register.cpp reads from the "lsd" section.
struct LsdSettings {
  std::chrono::milliseconds interval = kAnnounceInterval;
  std::uint16_t port = kDefaultPort;           ///< the groups' port
  bool ipv6 = true;                            ///< also the IPv6 group (best effort)
  std::array<std::uint8_t, 4> multicast_interface{};  ///< 0.0.0.0: the system's choice
  bool multicast_loop = true;                  ///< IP_MULTICAST_LOOP
};

/// Counts for tests and status.
struct LsdCounts {
  std::uint64_t announces_sent = 0;  ///< datagrams handed to the network
  std::uint64_t send_errors = 0;     ///< datagrams the network refused
  std::uint64_t peers_delivered = 0; ///< on_peers calls made
};

class LsdDiscovery final : public Discovery {
 public:
  /// Opens the sockets and starts the sender and receivers. IPv6 is best effort; fails
  /// only when no group could be joined (with the IPv4 group's error).
  static Result<std::unique_ptr<LsdDiscovery>> create(asio::any_io_executor executor, LsdSettings settings);
  ~LsdDiscovery() override;

  [[nodiscard]] bool allowed_for_private() const override { return false; }  // BEP 27
  /// Announces the torrent until its event is `stopped`, it is cancelled (then
  /// operation_aborted) or the plugin stops (likewise). Returns at once, {}, for a
  /// private torrent.
  Task<Result<void>> run(DiscoveryContext& torrent) override;
  Task<void> stop() override;

  /// Our cookie (kCookieSize hex digits, random per instance).
  [[nodiscard]] const std::string& cookie() const { return filter_.own_cookie(); }
  [[nodiscard]] const InboundCounts& inbound() const { return filter_.counts(); }
  [[nodiscard]] const LsdCounts& counts() const { return counts_; }
  /// The groups joined, IPv4 first.
  [[nodiscard]] std::vector<Group> groups() const;
  /// Info-hashes being announced.
  [[nodiscard]] std::size_t torrents() const { return torrents_.size(); }

 private:
  LsdDiscovery(asio::any_io_executor executor, LsdSettings settings,
               std::vector<std::unique_ptr<MulticastSocket>> sockets, std::string cookie);
  void add_torrent(const InfoHashBytes& hash, DiscoveryContext& torrent);
  void remove_torrent(const InfoHashBytes& hash, DiscoveryContext& torrent);
  Task<void> send_loop();
  Task<void> send_round(Clock::time_point now);
  Task<void> receive_loop(MulticastSocket* socket);
  void deliver(const Inbound& inbound);
  [[nodiscard]] std::uint16_t port_of(const InfoHashBytes& hash) const;

  asio::any_io_executor executor_;
  LsdSettings settings_;
  std::vector<std::unique_ptr<MulticastSocket>> sockets_;
  InboundFilter filter_;
  AnnounceSchedule schedule_;
  SendBudget budget_;
  // The running torrents of each info-hash (one, unless a test runs two contexts).
  std::map<InfoHashBytes, std::vector<DiscoveryContext*>> torrents_;
  LsdCounts counts_;
  net::Wake wake_;     // wakes the sender: a torrent was added
  Condition stopping_; // wakes run()s: the plugin stops
  bool stopped_ = false;
  net::TaskGroup tasks_;  // last: its tasks use everything above
};

}  // namespace corrent::lsd
