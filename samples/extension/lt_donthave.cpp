// lt_donthave (BEP 54) as a third-party, shared-library plugin: a BEP 10 extension whose
// one message, DONTHAVE, is a 4-byte big-endian piece index saying "I no longer have it".
// Receiving: the piece is dropped from the peer's bitfield and a note is published.
// Sending: a piece the engine lost (its bytes went from the disk: ExtensionPeer::
// on_piece_lost) is retracted to every peer that announces lt_donthave; and, as a
// demonstration, the pieces listed in the section's "announce" key, once its extension
// handshake comes.
#include <asio/any_io_executor.hpp>
#include <asio/this_coro.hpp>

#include <array>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "corrent/core/clock.hpp"
#include "corrent/core/condition.hpp"
#include "corrent/registry/abi.hpp"
#include "corrent/plugin/error.hpp"
#include "corrent/wire/extension.hpp"
#include "corrent/registry/registry.hpp"
#include "corrent/wire/errc.hpp"

namespace lt_donthave {
namespace {

using corrent::Result;
using corrent::Task;

constexpr std::string_view kName = "lt_donthave";  // the "m" key, and the config section
constexpr std::size_t kPayloadSize = 4;            // BEP 54: the piece index, big-endian
/// A demonstration, not a flood: at most this many pieces in "announce".
constexpr std::size_t kMaxAnnounced = 64;
/// Lost pieces queued for one peer and not sent yet; past it, the rest are not told (the
/// peer finds out by a REJECT).
constexpr std::size_t kMaxLostQueued = 1024;
/// How long run() waits for the peer's extension handshake (BEP 10 peers send theirs
/// right after the BitTorrent handshake; a peer that never does gets nothing from us).
constexpr std::chrono::seconds kHandshakeWait{30};

struct Settings {
  std::vector<std::uint32_t> announce;  ///< pieces to retract to each peer
};

std::array<std::byte, kPayloadSize> encode(std::uint32_t piece) {
  return {std::byte(piece >> 24), std::byte(piece >> 16), std::byte(piece >> 8), std::byte(piece)};
}

std::uint32_t decode(std::span<const std::byte, kPayloadSize> payload) {
  std::uint32_t piece = 0;
  for (const auto byte : payload) piece = (piece << 8) | std::to_integer<std::uint32_t>(byte);
  return piece;
}

/// The extension's state for one peer, owned by the peer's connection.
class DontHavePeer final : public corrent::ExtensionPeer {
 public:
  DontHavePeer(corrent::PeerContext& peer, Settings settings, const asio::any_io_executor& executor)
      : peer_(peer), settings_(std::move(settings)), handshake_seen_(executor), lost_changed_(executor) {}

  // Queued for run(), which sends it (this must not suspend).
  void on_piece_lost(corrent::PieceIndex piece) override {
    if (lost_.size() >= kMaxLostQueued) return;
    lost_.push_back(piece.value);
    lost_changed_.notify_all();
  }

  // Wakes run(), which may be waiting for this: the timer serves as a condition variable.
  void on_handshake(const corrent::wire::ExtensionHandshake&) override { handshake_seen_.cancel(); }

  Task<Result<void>> on_message(std::span<const std::byte> payload) override {
    if (payload.size() != kPayloadSize) {
      peer_.note("malformed DONTHAVE of " + std::to_string(payload.size()) + " bytes (BEP 54 says 4); closing");
      // An error closes the peer. A framework error code rather than a category of our own:
      // the code travels in events, which must not depend on this library's code.
      co_return tl::make_unexpected(std::error_code(corrent::wire::errc::bad_message_length));
    }
    const auto piece = decode(payload.first<kPayloadSize>());
    // The engine drops the piece from the peer's bitfield; a piece past the torrent's last
    // is an error, which closes the peer.
    if (auto dropped = peer_.dont_have(corrent::PieceIndex{piece}); !dropped) {
      peer_.note("DONTHAVE of piece " + std::to_string(piece) + ", which the torrent does not have; closing");
      co_return dropped;
    }
    peer_.note("peer no longer has piece " + std::to_string(piece));
    co_return Result<void>{};
  }

  // Started once our extension handshake is queued; cancelled when the connection ends.
  Task<void> run() override {
    if (!peer_.peer_id_for_extension()) {
      handshake_seen_.expires_after(kHandshakeWait);
      (void)co_await handshake_seen_.async_wait(corrent::use_nothrow);
      const auto state = co_await asio::this_coro::cancellation_state;
      if (state.cancelled() != asio::cancellation_type::none) co_return;  // the connection ended
    }
    if (!peer_.peer_id_for_extension()) co_return;  // it does not speak lt_donthave
    for (const auto piece : settings_.announce) {
      const auto payload = encode(piece);  // named: it must outlive the send
      if (auto sent = co_await peer_.send(payload); !sent) co_return;  // the connection is closing
      peer_.note("told the peer we no longer have piece " + std::to_string(piece));
    }
    for (;;) {
      const bool woken = co_await lost_changed_.wait_until([this] { return !lost_.empty(); });
      if (!woken) co_return;  // the connection ended
      for (const auto piece : std::exchange(lost_, {})) {
        const auto payload = encode(piece);
        if (auto sent = co_await peer_.send(payload); !sent) co_return;
        peer_.note("told the peer we lost piece " + std::to_string(piece) + " (its data went from our disk)");
      }
    }
  }

 private:
  corrent::PeerContext& peer_;  // outlives us (extension.hpp)
  const Settings settings_;
  corrent::Timer handshake_seen_;  // corrent's clock, which simulations move
  std::vector<std::uint32_t> lost_;  // to send
  corrent::Condition lost_changed_;
};

/// One object per session; attach() gives each peer its own DontHavePeer.
class DontHave final : public corrent::Extension {
 public:
  DontHave(Settings settings, asio::any_io_executor executor)
      : settings_(std::move(settings)), executor_(std::move(executor)) {}

  [[nodiscard]] std::string_view name() const override { return kName; }

  std::unique_ptr<corrent::ExtensionPeer> attach(corrent::PeerContext& peer) override {
    return std::make_unique<DontHavePeer>(peer, settings_, executor_);
  }

 private:
  const Settings settings_;
  asio::any_io_executor executor_;
};

/// "3" -> 3; anything but a decimal number that fits 32 bits is an error.
Result<std::uint32_t> parse_piece(std::string_view text) {
  std::uint32_t piece = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), piece);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return tl::make_unexpected(std::error_code(corrent::plugin::errc::wrong_type));
  }
  return piece;
}

void register_lt_donthave(corrent::Registry& registry) {
  corrent::ConfigSchema schema;
  schema.strings("announce", {}, "piece indices to tell every lt_donthave peer we no longer have (a demonstration)");
  // Runs in build_plugins: an error stops the session from being created, reported as
  // "plugin lt_donthave: ...".
  auto factory = [](corrent::PluginContext& context) -> Result<std::unique_ptr<corrent::Extension>> {
    CORRENT_TRY(const auto texts, context.config.get_strings("announce"));
    if (texts.size() > kMaxAnnounced) return tl::make_unexpected(std::error_code(corrent::plugin::errc::out_of_range));
    Settings settings;
    for (const auto& text : texts) {
      CORRENT_TRY(const auto piece, parse_piece(text));
      settings.announce.push_back(piece);
    }
    return std::make_unique<DontHave>(std::move(settings), context.executor);
  };
  (void)registry.add_extension(std::string(kName), std::move(factory), std::move(schema));
}

}  // namespace
}  // namespace lt_donthave

// The library's one entry point, found by Registry::load_shared (registry/abi.hpp).
CORRENT_PLUGIN("lt_donthave", lt_donthave::register_lt_donthave)
