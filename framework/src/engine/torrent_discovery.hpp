#pragma once
// TorrentDiscovery: one torrent's discovery. It is the DiscoveryContext that the torrent's
// tracker Announcer and every discovery plugin allowed for the torrent see; it runs them
// (in the torrent's task group), keeps the announce event (started -> completed ->
// stopped) and passes on what the torrent's peers tell discovery: BEP 5 PORT (a DHT node)
// and BEP 10 "yourip" (our address, as a hint).

#include <cstdint>
#include <memory>
#include <string>

#include "corrent/core/condition.hpp"
#include "corrent/core/task.hpp"
#include "corrent/discovery/discovery.hpp"
#include "corrent/discovery/discovery_context.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/task_group.hpp"
#include "corrent/tracker/announcer.hpp"

namespace corrent::engine {

class Torrent;
struct TorrentContext;

class TorrentDiscovery final : public DiscoveryContext {
 public:
  /// `torrent` and `context` outlive this object (both are the torrent's own).
  TorrentDiscovery(Torrent& torrent, const TorrentContext& context);
  ~TorrentDiscovery() override;

  /// Starts the Announcer (if the torrent has trackers) and every discovery plugin allowed
  /// for it (BEP 27), each a task of `tasks`, which is stopped before this object goes.
  void start(net::TaskGroup& tasks);
  /// The download finished: the event becomes completed (once).
  void completed();
  /// The torrent is stopping: the event becomes stopped.
  void stopping();

  /// A peer at `peer` sent PORT `port` (BEP 5).
  void on_dht_port(const net::Endpoint& peer, std::uint16_t port);
  /// A peer at `reporter` sent "yourip" (4 or 16 raw bytes) in its extension handshake.
  void on_yourip(const std::string& raw, const net::Endpoint& reporter);

  // DiscoveryContext.
  [[nodiscard]] InfoHashBytes info_hash() const override;
  [[nodiscard]] bool is_private() const override;
  [[nodiscard]] ListenPorts ports() const override;
  [[nodiscard]] std::uint64_t bytes_left() const override;
  [[nodiscard]] TransferTotals totals() const override;
  [[nodiscard]] DiscoveryEvent event() const override { return event_; }
  Task<DiscoveryEvent> next_event(DiscoveryEvent seen) override;
  [[nodiscard]] PeerSink& peers() override;
  void report_external_address(const net::Endpoint& address, const std::string& reporter) override;

 private:
  void make_announcer();
  [[nodiscard]] bool allowed(const Discovery& discovery) const;
  Task<void> run(Discovery* discovery);
  void set_event(DiscoveryEvent event);

  Torrent& torrent_;
  const TorrentContext& ctx_;
  std::unique_ptr<tracker::Announcer> announcer_;
  DiscoveryEvent event_ = DiscoveryEvent::started;
  Condition event_changed_;
};

}  // namespace corrent::engine
