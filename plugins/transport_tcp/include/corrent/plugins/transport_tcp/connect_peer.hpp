#pragma once
// connect_peer: from an address to a running peer connection in one call, the way rbit's
// `PeerConnection::connect(addr, info_hash, peer_id)` does it, over transport_tcp with its
// default settings (no Registry, no session):
//
//   auto conn = co_await corrent::plugins::connect_peer(peer, info_hash, make_peer_id());
//   if (!conn) ...;                                    // refused, timed out, wrong info-hash
//   co_await (*conn)->send(wire::Interested{});
//   for (;;) {
//     auto received = co_await (*conn)->receive();      // the next message, in order
//     if (!received) break;                             // the connection ended: why
//     if (received->is<wire::Unchoke>()) break;
//   }
//   co_await (*conn)->shutdown();                      // before dropping it

#include "corrent/core/peer_id.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/wire/peer_connection.hpp"
#include "corrent/wire/peer_settings.hpp"

namespace corrent::plugins {

/// Dials `peer` over TCP (transport_tcp's default connect timeout, 15 s), sends our
/// handshake for `info_hash` with `peer_id` (the fast extension and extension protocol
/// bits set), checks the peer's (its info-hash must be ours: peer_errc::info_hash_mismatch),
/// and returns the connection already started in pull style
/// (PeerConnection::start_receiving): send() and receive() work at once. Messages are not
/// checked against a torrent's shape, which the caller may not know. Whoever gets it must
/// `co_await conn->shutdown()` before destroying it.
Task<Result<wire::PeerConnection::Ptr>> connect_peer(net::Endpoint peer, metainfo::InfoHash info_hash, PeerId peer_id,
                                                     wire::PeerSettings settings);
/// As above, with the default PeerSettings. (An overload, not a default argument: GCC 12
/// destroys a coroutine's defaulted class-type argument twice.)
Task<Result<wire::PeerConnection::Ptr>> connect_peer(net::Endpoint peer, metainfo::InfoHash info_hash, PeerId peer_id);

}  // namespace corrent::plugins
