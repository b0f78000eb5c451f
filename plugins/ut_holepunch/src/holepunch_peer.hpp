#pragma once
// The ut_holepunch extension (BEP 55). UtHolepunch, one per session, attaches a
// HolepunchPeer to each peer of a public torrent and knows them all, so that it can relay:
// a rendezvous from one peer naming another it is connected to gets a connect message to
// each. A HolepunchPeer asks its peer for a rendezvous when a peer it introduced (PEX)
// could not be reached, and dials (TorrentView::holepunch_connect) when told to connect.

#include <asio/any_io_executor.hpp>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "corrent/core/clock.hpp"
#include "corrent/core/condition.hpp"
#include "corrent/wire/extension.hpp"
#include "holepunch_message.hpp"

namespace corrent::holepunch {

/// The extension's name in the "m" dictionary, and its registered name.
inline constexpr std::string_view kExtensionName = "ut_holepunch";

class UtHolepunch;

/// Counts events in a fixed window (kRateWindow) that starts at the first one.
class WindowCount {
 public:
  /// Whether one more fits at `now`; counts it if so.
  bool take(Clock::time_point now, std::size_t limit);

 private:
  Clock::time_point window_start_{};
  std::size_t count_ = 0;
};

/// ut_holepunch's state for one peer.
class HolepunchPeer final : public ExtensionPeer {
 public:
  HolepunchPeer(PeerContext& peer, TorrentView& torrent, UtHolepunch& owner, const asio::any_io_executor& executor);
  ~HolepunchPeer() override;
  HolepunchPeer(const HolepunchPeer&) = delete;
  HolepunchPeer& operator=(const HolepunchPeer&) = delete;

  void on_handshake(const wire::ExtensionHandshake& theirs) override;
  Task<Result<void>> on_message(std::span<const std::byte> payload) override;
  /// Asks this peer to relay, if it speaks ut_holepunch.
  void on_introduced_peer_unreachable(const net::Endpoint& unreachable) override;
  /// Sends the queued messages until the connection ends.
  Task<void> run() override;

  /// Whether `endpoint` is this peer: its address with its connection's port or with the
  /// listen port of its extension handshake ("p").
  [[nodiscard]] bool is(const net::Endpoint& endpoint) const;
  /// Where others should connect to it: its address and "p" if known, else its remote end.
  [[nodiscard]] net::Endpoint reachable_at() const;
  [[nodiscard]] bool supported() const { return peer_.peer_id_for_extension().has_value(); }
  [[nodiscard]] const TorrentView* torrent() const { return &torrent_; }
  /// Queues `message` for run() to send (dropped past kMaxQueuedMessages).
  void queue(const HolepunchMessage& message);

 private:
  void relay(const net::Endpoint& target);
  void connect(const net::Endpoint& to);

  PeerContext& peer_;  // outlive us (extension.hpp)
  TorrentView& torrent_;
  UtHolepunch& owner_;
  std::optional<std::uint16_t> listen_port_;  // the peer's "p"
  std::deque<HolepunchMessage> outgoing_;
  Condition outgoing_changed_;
  WindowCount rendezvous_taken_;
  WindowCount connects_taken_;
  std::vector<std::pair<net::Endpoint, Clock::time_point>> pending_;  // rendezvous we asked for, and when
};

/// The "ut_holepunch" extension.
class UtHolepunch final : public Extension {
 public:
  explicit UtHolepunch(asio::any_io_executor executor) : executor_(std::move(executor)) {}

  [[nodiscard]] std::string_view name() const override { return kExtensionName; }
  /// nullptr outside a torrent, and for private torrents (BEP 27: peers from trackers only).
  std::unique_ptr<ExtensionPeer> attach(PeerContext& peer) override;

  // For HolepunchPeer: the attached peers, to relay between.
  void add(HolepunchPeer* peer) { peers_.push_back(peer); }
  void remove(HolepunchPeer* peer) { std::erase(peers_, peer); }
  /// The peer of `torrent` that `endpoint` names, other than `asking`; nullptr if none.
  [[nodiscard]] HolepunchPeer* find(const TorrentView* torrent, const net::Endpoint& endpoint,
                                    const HolepunchPeer* asking) const;

 private:
  asio::any_io_executor executor_;
  std::vector<HolepunchPeer*> peers_;
};

}  // namespace corrent::holepunch
