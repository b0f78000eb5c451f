#pragma once
// The extension plugin kind (BEP 10), identified by name ("ut_metadata"). Local message
// ids come from registration order (PluginSet::extension_id), never hard-coded; the
// peer's ids come from its extension handshake, and PeerContext::send maps to them. The
// torrent is reached through PeerContext::torrent().

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include "corrent/bencode/value.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/wire/peer_context.hpp"
#include "corrent/plugin/plugin.hpp"
#include "corrent/wire/extension_handshake.hpp"

namespace corrent {

/// An extension's state for one peer, owned by that peer's connection (PeerConnection),
/// which calls it on the network executor and destroys it before the PeerContext.
class ExtensionPeer {
 public:
  virtual ~ExtensionPeer() = default;

  /// Adds this extension's top-level fields to our extension handshake, e.g.
  /// fields["metadata_size"] = 31235. `fields` is a dict; the framework adds the "m"
  /// entry itself, and its own fields ("v", "p", "reqq", ...) win on a clash.
  virtual void add_handshake_fields(bencode::Value& fields) { (void)fields; }

  /// The peer's extension handshake arrived (peers may send it again to change their
  /// ids). `theirs.id_of(name)` says whether the peer supports this extension; the whole
  /// dict is in `theirs.dict` for extension-specific keys.
  virtual void on_handshake(const wire::ExtensionHandshake& theirs) { (void)theirs; }

  /// Handles one extended message of this extension (the id byte already removed). The
  /// payload is valid until the returned task completes. An error closes the peer.
  virtual Task<Result<void>> on_message(std::span<const std::byte> payload) = 0;

  /// We no longer have `piece`: its data went from the disk, and it will be fetched again
  /// (BEP 54's lt_donthave tells the peer). On the network executor; must not suspend
  /// (queue the message and send it from run()).
  virtual void on_piece_lost(PieceIndex piece) { (void)piece; }

  /// A peer that this one told us about (PEX: TorrentView::add_peers with `from` this
  /// peer) could not be reached: our connect to `unreachable` failed. BEP 55's holepunch
  /// asks this peer to relay. On the network executor; must not suspend.
  virtual void on_introduced_peer_unreachable(const net::Endpoint& unreachable) { (void)unreachable; }

  /// An optional coroutine of this extension for this peer (timers, requests of its own:
  /// ut_metadata's fetch, ut_pex's minute). The connection starts it after our extension
  /// handshake is queued and cancels it when the connection ends; it must return promptly
  /// once cancelled. Its error is not fatal: to drop the peer, call PeerContext::close().
  virtual Task<void> run() { co_return; }
};

/// A BEP 10 extension: one object per session, attached to each peer.
class Extension : public Plugin {
 public:
  /// The name in the "m" dictionary, e.g. "ut_metadata". Stable for the object's lifetime.
  [[nodiscard]] virtual std::string_view name() const = 0;

  /// Creates the per-peer handler; nullptr means "not for this peer". `peer` outlives the
  /// returned object. Called once the handshake shows both sides speak BEP 10, before our
  /// extension handshake is sent.
  virtual std::unique_ptr<ExtensionPeer> attach(PeerContext& peer) = 0;
};

}  // namespace corrent
