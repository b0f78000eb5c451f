#include "corrent/plugins/transport_tcp/connect_peer.hpp"

#include <optional>
#include <utility>

#include <asio/this_coro.hpp>

#include "corrent/wire/handshake.hpp"
#include "tcp_settings.hpp"
#include "tcp_transport.hpp"

namespace corrent::plugins {

Task<Result<wire::PeerConnection::Ptr>> connect_peer(net::Endpoint peer, metainfo::InfoHash info_hash, PeerId peer_id,
                                                     wire::PeerSettings settings) {
  // A transport of our own, for this one connect: the stream it makes does not need it.
  transport_tcp::TcpTransport transport(co_await asio::this_coro::executor, transport_tcp::TcpSettings{});
  CORRENT_CO_TRY(auto stream, co_await transport.connect(peer, transport_tcp::kDefaultConnectTimeout));
  wire::Reserved reserved;
  reserved.set_fast(true);
  reserved.set_extension_protocol(true);
  const wire::Handshake ours{reserved, info_hash, peer_id};
  CORRENT_CO_TRY(auto conn, co_await wire::PeerConnection::connect(std::move(stream), ours, std::nullopt,
                                                                   std::move(settings)));
  conn->start_receiving();
  co_return Result<wire::PeerConnection::Ptr>(std::move(conn));
}

Task<Result<wire::PeerConnection::Ptr>> connect_peer(net::Endpoint peer, metainfo::InfoHash info_hash, PeerId peer_id) {
  return connect_peer(peer, info_hash, peer_id, wire::PeerSettings{});
}

}  // namespace corrent::plugins
