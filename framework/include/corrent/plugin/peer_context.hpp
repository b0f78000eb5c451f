#pragma once
// What a BEP 10 extension may do with the peer it is attached to. PeerConnection gives
// each attached extension its own PeerContext; extensions see no more than this,
// built-in or third-party alike. (The engine issue adds the torrent view.)

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <system_error>

#include "corrent/core/peer_id.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"

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

  /// Disconnects the peer, recording `why`.
  virtual void close(std::error_code why) = 0;
};

}  // namespace corrent
