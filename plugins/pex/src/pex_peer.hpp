#pragma once
// The ut_pex extension (BEP 11): UtPex, one per session, attaches a PexPeer to each peer
// of a public torrent. A PexPeer sends the diff of the torrent's connected peers from its
// run() coroutine and offers the peers it receives to the torrent.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "corrent/core/clock.hpp"

#include "corrent/wire/extension.hpp"
#include "pex_diff.hpp"
#include "pex_limits.hpp"
#include "pex_receive_rate.hpp"

namespace corrent::pex {

/// The extension's name in the "m" dictionary, and its registered name.
inline constexpr std::string_view kExtensionName = "ut_pex";

/// What the extension needs, already checked (register.cpp reads the configuration).
struct PexSettings {
  std::chrono::milliseconds interval = kPexInterval;     ///< least time between two sends
  std::chrono::milliseconds first_delay = kPexFirstDelay;
  std::chrono::milliseconds idle_recheck = kPexIdleRecheck;
};

/// ut_pex's state for one peer.
class PexPeer final : public ExtensionPeer {
 public:
  PexPeer(PeerContext& peer, TorrentView& torrent, PexSettings settings)
      : peer_(peer), torrent_(torrent), settings_(settings) {}

  void on_handshake(const wire::ExtensionHandshake& theirs) override;
  Task<Result<void>> on_message(std::span<const std::byte> payload) override;
  /// Waits for the peer to announce ut_pex, then sends a message after first_delay and
  /// the next ones at most every interval (none while there is nothing to tell).
  Task<void> run() override;

  /// Messages received and ignored because they came too early (PexReceiveRate).
  [[nodiscard]] std::uint32_t ignored_messages() const { return rate_.ignored(); }

 private:
  /// Sends the next diff if it is not empty; true if a message went out. An error when the
  /// send failed (the connection is closing, or the peer dropped ut_pex).
  Task<Result<bool>> send_update();
  [[nodiscard]] bool supported() const { return peer_.peer_id_for_extension().has_value(); }

  PeerContext& peer_;
  TorrentView& torrent_;
  const PexSettings settings_;
  PexDiff diff_;
  PexReceiveRate rate_;
  std::optional<std::uint16_t> listen_port_;  // the peer's "p"
  Timer* wake_ = nullptr;        // run()'s timer while it waits
};

/// The "ut_pex" extension.
class UtPex final : public Extension {
 public:
  explicit UtPex(PexSettings settings) : settings_(settings) {}

  [[nodiscard]] std::string_view name() const override { return kExtensionName; }
  /// nullptr outside a torrent, and for private torrents (BEP 27: peers from trackers only).
  std::unique_ptr<ExtensionPeer> attach(PeerContext& peer) override;

 private:
  const PexSettings settings_;
};

}  // namespace corrent::pex
