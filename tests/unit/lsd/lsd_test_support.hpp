#pragma once
// Helpers of the lsd tests: a torrent as a Discovery sees it (FakeTorrent), byte views of
// text, polling with a deadline, and a multicast port of the test's own.

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <asio/any_io_executor.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "corrent/core/condition.hpp"
#include "corrent/discovery/discovery_context.hpp"
#include "corrent/net/peer_address.hpp"

namespace corrent::lsd::test {

inline std::span<const std::uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

inline InfoHashBytes hash_of(std::uint8_t fill) {
  InfoHashBytes h{};
  h.fill(fill);
  return h;
}

/// A DiscoveryContext and PeerSink that records the peers it is given.
class FakeTorrent final : public DiscoveryContext, public PeerSink {
 public:
  FakeTorrent(asio::any_io_executor executor, InfoHashBytes hash, std::uint16_t tcp_port, bool is_private = false)
      : hash_(hash), private_(is_private), changed_(executor) {
    ports_.tcp = tcp_port;
  }

  [[nodiscard]] InfoHashBytes info_hash() const override { return hash_; }
  [[nodiscard]] bool is_private() const override { return private_; }
  [[nodiscard]] ListenPorts ports() const override { return ports_; }
  [[nodiscard]] std::uint64_t bytes_left() const override { return 0; }
  [[nodiscard]] TransferTotals totals() const override { return {}; }
  [[nodiscard]] DiscoveryEvent event() const override { return event_; }
  Task<DiscoveryEvent> next_event(DiscoveryEvent seen) override {
    (void)co_await changed_.wait_until([this, seen] { return event_ != seen; });
    co_return event_;
  }
  [[nodiscard]] PeerSink& peers() override { return *this; }
  void on_peers(const InfoHashBytes& info_hash, std::span<const net::PeerAddress> peers) override {
    for (const auto& p : peers) found.push_back({info_hash, p.endpoint});
  }

  void set_event(DiscoveryEvent e) {
    event_ = e;
    changed_.notify_all();
  }

  struct Found {
    InfoHashBytes info_hash;
    net::Endpoint peer;
  };
  std::vector<Found> found;

 private:
  InfoHashBytes hash_;
  bool private_;
  ListenPorts ports_;
  DiscoveryEvent event_ = DiscoveryEvent::started;
  Condition changed_;
};

/// Whether `torrent` was given `peer` for its own info-hash.
inline bool found(const FakeTorrent& torrent, const net::Endpoint& peer) {
  for (const auto& f : torrent.found) {
    if (f.peer == peer && f.info_hash == torrent.info_hash()) return true;
  }
  return false;
}

/// Polls `done` every 10 ms for at most `limit` (real time: real sockets).
template <class Done>
Task<bool> within(std::chrono::milliseconds limit, Done done) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (auto waited = std::chrono::milliseconds(0); waited < limit; waited += std::chrono::milliseconds(10)) {
    if (done()) co_return true;
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(use_nothrow);
  }
  co_return done();
}

/// A multicast port for this test process, apart from BEP 14's 6771 (which a real client
/// on the host may use) and from other test processes running at once.
inline std::uint16_t test_group_port() {
  return static_cast<std::uint16_t>(40000 + static_cast<unsigned>(::getpid()) % 20000);
}

}  // namespace corrent::lsd::test
