#pragma once
// lt_donthave's state for one peer (DontHavePeer) and the session's extension (LtDontHave).

#include <asio/any_io_executor.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "corrent/core/condition.hpp"
#include "corrent/wire/extension.hpp"

namespace corrent::donthave {

/// The extension's name in the "m" dictionary, and its registered name.
inline constexpr std::string_view kExtensionName = "lt_donthave";
/// Lost pieces queued for one peer and not sent yet; past it, the rest are not told (the
/// peer finds out by a REJECT, as from a client without lt_donthave).
inline constexpr std::size_t kMaxLostQueued = 1024;

/// One peer: retracts lost pieces, applies the peer's retractions.
class DontHavePeer final : public ExtensionPeer {
 public:
  DontHavePeer(PeerContext& peer, const asio::any_io_executor& executor) : peer_(peer), lost_changed_(executor) {}

  /// Queued for run(), which sends it: this must not suspend.
  void on_piece_lost(PieceIndex piece) override;
  Task<Result<void>> on_message(std::span<const std::byte> payload) override;
  /// Sends each lost piece to a peer that announced lt_donthave, until the connection ends.
  Task<void> run() override;

 private:
  PeerContext& peer_;  // outlives us (extension.hpp)
  std::vector<PieceIndex> lost_;  // to send
  Condition lost_changed_;
};

/// The "lt_donthave" extension: one per session, a DontHavePeer for each peer.
class LtDontHave final : public Extension {
 public:
  explicit LtDontHave(asio::any_io_executor executor) : executor_(std::move(executor)) {}

  [[nodiscard]] std::string_view name() const override { return kExtensionName; }
  std::unique_ptr<ExtensionPeer> attach(PeerContext& peer) override {
    return std::make_unique<DontHavePeer>(peer, executor_);
  }

 private:
  asio::any_io_executor executor_;
};

}  // namespace corrent::donthave
