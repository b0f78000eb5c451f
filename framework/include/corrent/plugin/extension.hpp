#pragma once
// The extension plugin kind (BEP 10), identified by name ("ut_metadata"). Local message
// ids come from registration order (PluginSet::extension_id), never hard-coded. The wire
// issue extends this with handshake fields and the peer's handshake dictionary, and the
// engine issue with torrent hooks.

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/plugin/peer_context.hpp"
#include "corrent/plugin/plugin.hpp"

namespace corrent {

/// An extension's state for one peer, owned by that peer's connection.
class ExtensionPeer {
 public:
  virtual ~ExtensionPeer() = default;

  /// Handles one extended message of this extension (the id byte already removed). The
  /// payload is valid until the returned task completes. An error closes the peer.
  virtual Task<Result<void>> on_message(std::span<const std::byte> payload) = 0;
};

/// A BEP 10 extension: one object per session, attached to each peer.
class Extension : public Plugin {
 public:
  /// The name in the "m" dictionary, e.g. "ut_metadata". Stable for the object's lifetime.
  [[nodiscard]] virtual std::string_view name() const = 0;

  /// Creates the per-peer handler; nullptr means "not for this peer". `peer` outlives the
  /// returned object.
  virtual std::unique_ptr<ExtensionPeer> attach(PeerContext& peer) = 0;
};

}  // namespace corrent
