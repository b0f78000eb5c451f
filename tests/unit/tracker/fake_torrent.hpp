#pragma once
// A DiscoveryContext for Announcer tests: a torrent whose ports, totals and announce event
// the test sets, and which keeps every peer it is offered.

#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/condition.hpp"
#include "corrent/discovery/discovery_context.hpp"

namespace corrent::test {

class FakeTorrent final : public DiscoveryContext, public PeerSink {
 public:
  explicit FakeTorrent(const asio::any_io_executor& executor) : changed_(executor) {}

  InfoHashBytes hash{};
  bool private_torrent = false;
  ListenPorts listen{6881, 0, 0, 0};
  TransferTotals transfer{1, 2, 3};
  std::vector<net::Endpoint> found;  // every peer offered, in order

  /// The download finished (the event becomes completed).
  void complete() { set(DiscoveryEvent::completed); }
  void set(DiscoveryEvent event) {
    event_ = event;
    changed_.notify_all();
  }

  [[nodiscard]] InfoHashBytes info_hash() const override { return hash; }
  [[nodiscard]] bool is_private() const override { return private_torrent; }
  [[nodiscard]] ListenPorts ports() const override { return listen; }
  [[nodiscard]] std::uint64_t bytes_left() const override { return transfer.left; }
  [[nodiscard]] TransferTotals totals() const override { return transfer; }
  [[nodiscard]] DiscoveryEvent event() const override { return event_; }
  Task<DiscoveryEvent> next_event(DiscoveryEvent seen) override {
    (void)co_await changed_.wait_until([this, seen] { return event_ != seen; });
    co_return event_;
  }
  [[nodiscard]] PeerSink& peers() override { return *this; }
  void on_peers(const InfoHashBytes&, std::span<const net::PeerAddress> p) override {
    for (const auto& a : p) found.push_back(a.endpoint);
  }

 private:
  DiscoveryEvent event_ = DiscoveryEvent::started;
  Condition changed_;
};

}  // namespace corrent::test
