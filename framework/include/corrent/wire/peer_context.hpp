#pragma once
// What a BEP 10 extension may do with the peer it is attached to. PeerConnection gives
// each attached extension its own PeerContext; extensions see no more than this (and the
// TorrentView it leads to), built-in or third-party alike.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <system_error>

#include "corrent/core/peer_id.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/core/strong_types.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/wire/torrent_view.hpp"

namespace corrent {

/// One connected peer, as seen by one extension.
class PeerContext {
 public:
  virtual ~PeerContext() = default;

  /// Sends `payload` as an extended message of the calling extension: the framework
  /// prefixes the id *the peer* gave this extension's name in its handshake. `payload`
  /// must stay valid until the task completes. Fails with
  /// wire::peer_errc::extension_not_supported
  /// if the peer has not (or no longer) announced the extension, or with the connection's
  /// error once it is closed.
  virtual Task<Result<void>> send(std::span<const std::byte> payload) = 0;

  /// The id the peer gave this extension, if it announced it (and did not disable it).
  [[nodiscard]] virtual std::optional<std::uint8_t> peer_id_for_extension() const = 0;

  /// The peer's address.
  [[nodiscard]] virtual net::Endpoint remote() const = 0;
  /// The peer id from its handshake.
  [[nodiscard]] virtual PeerId peer_id() const = 0;

  /// Disconnects the peer, recording `why` (its PeerClosed event carries it).
  virtual void close(std::error_code why) = 0;

  /// The torrent the peer belongs to; nullptr when the connection runs outside an engine
  /// torrent (a bare PeerConnection, the `corrent peer` probe).
  [[nodiscard]] virtual TorrentView* torrent() { return nullptr; }

  /// The peer says it no longer has `piece` (lt_donthave, BEP 54): the engine stops
  /// counting it as a source of that piece and cancels what it asked the peer for there.
  /// An error (a piece out of range) should close the peer.
  virtual Result<void> dont_have(PieceIndex piece) { (void)piece; return {}; }

  /// Publishes events::ExtensionNote{text} about this peer, for people and tests.
  virtual void note(std::string text) { (void)text; }
};

}  // namespace corrent
