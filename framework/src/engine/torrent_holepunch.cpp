// BEP 55's two seams in the torrent: a connect a relay asked for (holepunch_connect), and
// the relay asked for (tell_introducer: the peer that introduced an unreachable one).
#include "torrent.hpp"

#include "corrent/engine/errc.hpp"
#include "peer.hpp"

namespace corrent::engine {

Result<void> Torrent::holepunch_connect(const net::Endpoint& to, HolepunchRole role) {
  if (!accepting()) return corrent::fail(errc::torrent_stopped);
  if (ctx_.transports.empty()) return corrent::fail(errc::no_transport);
  if (to.port() == 0 || is_self(to)) return corrent::fail(errc::duplicate_peer);
  if (peer_set_.banned(to)) return corrent::fail(errc::banned);
  if (connection_count() + half_open_ >= ctx_.settings->max_connections_per_torrent) {
    return corrent::fail(errc::too_many_peers);
  }
  if (!peer_set_.claim(to)) return corrent::fail(errc::duplicate_peer);  // connected, or being connected to
  ++half_open_;
  const auto how = role == HolepunchRole::initiator ? Dial::holepunch_initiator : Dial::holepunch_acceptor;
  peer_tasks_.spawn(connect_to(net::PeerAddress{to, {}}, how));
  return {};
}

void Torrent::tell_introducer(const net::Endpoint& unreachable) {
  const auto introducer = peer_set_.introducer(unreachable);
  if (!introducer) return;
  for (auto& [key, peer] : peers_) {
    if (peer->endpoint() == *introducer && !peer->closing()) {
      peer->on_introduced_unreachable(unreachable);
      return;
    }
  }
}

}  // namespace corrent::engine
