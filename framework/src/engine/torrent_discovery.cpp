// TorrentDiscovery: the torrent's trackers and discovery plugins, and what they see of it.
#include "torrent_discovery.hpp"

#include <span>
#include <utility>

#include "corrent/engine/session_limits.hpp"
#include "corrent/events/event.hpp"
#include "torrent.hpp"

namespace corrent::engine {

TorrentDiscovery::TorrentDiscovery(Torrent& torrent, const TorrentContext& context)
    : torrent_(torrent), ctx_(context), event_changed_(context.executor) {}

TorrentDiscovery::~TorrentDiscovery() = default;

bool TorrentDiscovery::allowed(const Discovery& discovery) const {
  return !torrent_.meta().is_private || discovery.allowed_for_private();
}

void TorrentDiscovery::start(net::TaskGroup& tasks) {
  if (!torrent_.meta().trackers.empty()) {
    make_announcer();
    tasks.spawn(run(announcer_.get()));
  }
  for (Discovery* d : ctx_.plugins->all<Discovery>()) {
    if (allowed(*d)) tasks.spawn(run(d));
  }
}

void TorrentDiscovery::make_announcer() {
  tracker::AnnouncerSettings s;
  s.peer_id = ctx_.peer_id;
  s.key = ctx_.announce_key;
  if (ctx_.settings->min_announce_interval) s.min_announce_interval = *ctx_.settings->min_announce_interval;
  const auto* plugins = ctx_.plugins;
  tracker::TrackerClient client([plugins](std::string_view scheme) { return plugins->tracker_for_scheme(scheme); });
  tracker::TrackerList trackers(torrent_.meta().trackers, [this](std::uint32_t n) { return ctx_.random->below(n); });
  announcer_ = std::make_unique<tracker::Announcer>(ctx_.executor, std::move(trackers), std::move(client), s);
  announcer_->set_observer([this](const tracker::AnnounceOutcome& o) {
    events::TrackerReply reply{torrent_.id(), o.url, std::string(tracker::to_string(o.event))};
    if (o.result) {
      reply.peers = static_cast<std::uint32_t>(o.result->peers.size());
    } else {
      const auto& e = o.result.error();
      reply.error = e.message.empty() ? e.code.message() : e.code.message() + ": " + e.message;
      reply.next = o.next;
      reply.retry_in_ms = static_cast<std::uint64_t>(o.retry_in.count());
    }
    if (ctx_.events != nullptr) ctx_.events->publish(reply);
  });
}

Task<void> TorrentDiscovery::run(Discovery* discovery) {
  (void)co_await discovery->run(*this);
}

void TorrentDiscovery::set_event(DiscoveryEvent event) {
  if (event <= event_) return;  // it only moves forward
  event_ = event;
  event_changed_.notify_all();
}

void TorrentDiscovery::completed() { set_event(DiscoveryEvent::completed); }

void TorrentDiscovery::stopping() { set_event(DiscoveryEvent::stopped); }

Task<DiscoveryEvent> TorrentDiscovery::next_event(DiscoveryEvent seen) {
  (void)co_await event_changed_.wait_until([this, seen] { return event_ != seen; });
  co_return event_;
}

void TorrentDiscovery::on_dht_port(const net::Endpoint& peer, std::uint16_t port) {
  if (port == 0) return;  // no node there
  const auto node = peer.with_port(port);
  for (Discovery* d : ctx_.plugins->all<Discovery>()) {
    if (allowed(*d)) d->on_dht_node(node);
  }
}

void TorrentDiscovery::on_yourip(const std::string& raw, const net::Endpoint& reporter) {
  const auto address = net::Endpoint::from_address_bytes(
      std::span(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()));
  if (!address) return;  // the decoder keeps only 4 or 16 bytes
  // One vote per peer address, whatever port it came from.
  if (ctx_.external_address != nullptr) ctx_.external_address->vote(*address, reporter.with_port(0).to_string());
  for (Discovery* d : ctx_.plugins->all<Discovery>()) d->on_external_address(*address, reporter);
}

void TorrentDiscovery::report_external_address(const net::Endpoint& address, const std::string& reporter) {
  if (ctx_.external_address != nullptr) ctx_.external_address->vote(address, reporter);
}

InfoHashBytes TorrentDiscovery::info_hash() const { return torrent_.id().bytes; }

bool TorrentDiscovery::is_private() const { return torrent_.meta().is_private; }

ListenPorts TorrentDiscovery::ports() const { return ctx_.ports != nullptr ? *ctx_.ports : ListenPorts{}; }

std::uint64_t TorrentDiscovery::bytes_left() const {
  return torrent_.has_metadata() ? torrent_.picker().wanted_bytes_left() : kUnknownLeft;
}

TransferTotals TorrentDiscovery::totals() const {
  auto totals = torrent_.transfer_totals();
  totals.left = bytes_left();
  return totals;
}

PeerSink& TorrentDiscovery::peers() { return torrent_; }

}  // namespace corrent::engine
