#pragma once
// lt_donthave (BEP 54), the BEP 10 extension "lt_donthave": its one message, DONTHAVE, is a
// 4-byte big-endian piece index meaning "I no longer have this piece".
// - Sending: a piece the engine lost (its bytes went from our disk: a file cut or deleted
//   under a seed; ExtensionPeer::on_piece_lost) is retracted to every peer that announced
//   lt_donthave, at most kMaxLostQueued per peer not yet sent.
// - Receiving: the engine drops the piece from the peer's bitfield
//   (PeerContext::dont_have). A payload that is not 4 bytes, or a piece past the torrent's
//   last, closes the peer.
// Private torrents too: BEP 54 is about the peer's own pieces, not about other peers.
// Configuration section "lt_donthave" (no keys). samples/extension is the same extension
// written as a third party would, loaded with `corrent --plugin`, which replaces this one.

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "lt_donthave" extension (plugin folder lt_donthave).
void register_lt_donthave(Registry& registry);

}  // namespace corrent::plugins
