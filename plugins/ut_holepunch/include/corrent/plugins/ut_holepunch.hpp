#pragma once
// ut_holepunch (BEP 55), the BEP 10 extension "ut_holepunch": peers that cannot take
// incoming connections (behind a NAT or firewall) meet through a peer connected to both.
// - As the one asking: when a connect to a peer that a connected peer introduced (PEX)
//   fails, that peer is asked for a rendezvous (ExtensionPeer::
//   on_introduced_peer_unreachable); its connect message makes us dial by a simultaneous
//   open (TorrentView::holepunch_connect) and speak first.
// - As the target: a connect we did not ask for makes us dial too, and the other end's
//   handshake is taken as an incoming one's.
// - As the relay: a rendezvous naming a peer of the same torrent that we are connected to
//   and that speaks ut_holepunch gets a connect message to each; otherwise an error message
//   (NoSuchPeer, NotConnected, NoSupport, NoSelf).
// Rate limited per peer (src/holepunch_limits.hpp); off for private torrents (BEP 27).
// Configuration section "ut_holepunch" (no keys).

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "ut_holepunch" extension (plugin folder ut_holepunch).
void register_ut_holepunch(Registry& registry);

}  // namespace corrent::plugins
