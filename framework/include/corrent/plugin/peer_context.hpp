#pragma once
// What a BEP 10 extension may do with the peer it is attached to. The wire issue
// implements it on PeerConnection and will add the torrent view; extensions see no more
// than this, built-in or third-party alike.

#include <cstddef>
#include <span>
#include <system_error>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/net/endpoint.hpp"

namespace corrent {

/// One connected peer, as seen by an extension.
class PeerContext {
 public:
  virtual ~PeerContext() = default;

  /// Sends `payload` as an extended message of the calling extension: the framework
  /// prefixes the id *the peer* gave this extension's name in its handshake. Fails if the
  /// peer does not support the extension or the connection is closed.
  virtual Task<Result<void>> send(std::span<const std::byte> payload) = 0;

  /// The peer's address.
  [[nodiscard]] virtual net::Endpoint remote() const = 0;

  /// Disconnects the peer, recording `why`.
  virtual void close(std::error_code why) = 0;
};

}  // namespace corrent
