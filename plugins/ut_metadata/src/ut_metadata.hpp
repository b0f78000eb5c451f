#pragma once
// The ut_metadata extension (BEP 9) and its per-peer handler. See
// corrent/plugins/ut_metadata.hpp for what it does.

#include <chrono>
#include <map>
#include <utility>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/net/wake.hpp"
#include "corrent/wire/extension.hpp"
#include "metadata_assembler.hpp"
#include "metadata_message.hpp"

namespace corrent::ut_metadata {

inline constexpr std::string_view kName = "ut_metadata";

/// How many peers of each torrent are fetching (kMaxFetchingPeers at most). Session-wide,
/// on the session executor; a FetchSlot gives its place back when destroyed.
class FetchSlots {
 public:
  class Slot {
   public:
    Slot(FetchSlots& owner, InfoHashBytes torrent) : owner_(&owner), torrent_(torrent) {}
    Slot(Slot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)), torrent_(other.torrent_) {}
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (owner_ != nullptr) owner_->release(torrent_);
    }

   private:
    FetchSlots* owner_;
    InfoHashBytes torrent_;
  };

  /// A place for one more fetch of `torrent`, if fewer than kMaxFetchingPeers run.
  std::optional<Slot> take(const InfoHashBytes& torrent);
  [[nodiscard]] std::size_t fetching(const InfoHashBytes& torrent) const;

 private:
  void release(const InfoHashBytes& torrent);
  std::map<InfoHashBytes, std::size_t> counts_;
};

class UtMetadata final : public Extension {
 public:
  explicit UtMetadata(asio::any_io_executor executor) : executor_(std::move(executor)) {}
  [[nodiscard]] std::string_view name() const override { return kName; }
  std::unique_ptr<ExtensionPeer> attach(PeerContext& peer) override;

 private:
  asio::any_io_executor executor_;
  FetchSlots slots_;  // outlives every UtMetadataPeer: the session stops peers first
};

/// One peer. Fetching runs in run(); serving and the peer's answers in on_message().
class UtMetadataPeer final : public ExtensionPeer {
 public:
  UtMetadataPeer(const asio::any_io_executor& executor, PeerContext& peer, TorrentView& torrent,
                 FetchSlots& slots)
      : peer_(peer), torrent_(torrent), slots_(slots), wake_(executor) {}

  void add_handshake_fields(bencode::Value& fields) override;
  void on_handshake(const wire::ExtensionHandshake& theirs) override;
  Task<Result<void>> on_message(std::span<const std::byte> payload) override;
  Task<void> run() override;

 private:
  Task<Result<void>> serve(std::uint32_t piece);
  Result<void> on_data(const MetadataMessage& m);
  Result<void> on_reject(std::uint32_t piece);
  Task<bool> send_requests();
  void start_fetch();

  PeerContext& peer_;
  TorrentView& torrent_;
  FetchSlots& slots_;
  net::Wake wake_;
  std::optional<std::int64_t> announced_size_;  // the peer's metadata_size, within bounds
  std::optional<FetchSlots::Slot> slot_;        // held while fetch_ is
  std::optional<MetadataAssembler> fetch_;
  std::uint32_t rejects_ = 0;
  Clock::time_point backoff_until_{};
  Clock::time_point last_progress_{};
  std::vector<std::uint32_t> served_;  // requests served, per piece of our metadata
};

}  // namespace corrent::ut_metadata
