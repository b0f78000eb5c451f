#pragma once
// The ut_metadata extension (BEP 9) and its per-peer handler. See
// corrent/plugins/ut_metadata.hpp for what it does.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/net/wake.hpp"
#include "corrent/plugin/extension.hpp"
#include "metadata_assembler.hpp"
#include "metadata_message.hpp"

namespace corrent::ut_metadata {

inline constexpr std::string_view kName = "ut_metadata";

class UtMetadata final : public Extension {
 public:
  explicit UtMetadata(asio::any_io_executor executor) : executor_(std::move(executor)) {}
  [[nodiscard]] std::string_view name() const override { return kName; }
  std::unique_ptr<ExtensionPeer> attach(PeerContext& peer) override;

 private:
  asio::any_io_executor executor_;
};

/// One peer. Fetching runs in run(); serving and the peer's answers in on_message().
class UtMetadataPeer final : public ExtensionPeer {
 public:
  using Clock = std::chrono::steady_clock;
  UtMetadataPeer(const asio::any_io_executor& executor, PeerContext& peer, TorrentView& torrent)
      : peer_(peer), torrent_(torrent), wake_(executor) {}

  void add_handshake_fields(bencode::Value& fields) override;
  void on_handshake(const wire::ExtensionHandshake& theirs) override;
  Task<Result<void>> on_message(std::span<const std::byte> payload) override;
  Task<void> run() override;

 private:
  Task<Result<void>> serve(std::uint32_t piece);
  Result<void> on_data(const MetadataMessage& m);
  Result<void> on_reject(std::uint32_t piece);
  Task<bool> send_requests();

  PeerContext& peer_;
  TorrentView& torrent_;
  net::Wake wake_;
  std::optional<MetadataAssembler> fetch_;  // once the peer announced a usable metadata_size
  std::uint32_t rejects_ = 0;
  Clock::time_point backoff_until_{};
  Clock::time_point last_progress_{};
  std::vector<std::uint32_t> served_;  // requests served, per piece of our metadata
};

}  // namespace corrent::ut_metadata
