// rbit's peer example, ported: connect to a peer, say we are interested, wait for its
// unchoke, request the first block of piece 0 and print what came back. rbit's
// `PeerConnection::connect(addr, info_hash, peer_id)` is plugins::connect_peer here, and
// `conn.receive()` / `conn.send(...)` are PeerConnection::receive() / send().
//
//   rbit-peer HOST:PORT INFOHASH [BLOCK_LENGTH]
#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include <cstdlib>
#include <functional>
#include <optional>
#include <vector>
#include <iostream>
#include <string>

#include "corrent/core/peer_id.hpp"
#include "corrent/core/task.hpp"
#include "corrent/crypto/sha1.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/plugins/transport_tcp/connect_peer.hpp"
#include "corrent/wire/limits.hpp"

using namespace corrent;

namespace {

// What the peer's next messages say, up to the one `done` accepts; false if it ended first.
Task<bool> receive_until(wire::PeerConnection& conn, std::function<bool(const wire::ReceivedMessage&)> done) {
  for (;;) {
    auto received = co_await conn.receive();
    if (!received) {
      std::cerr << "rbit-peer: the connection ended: " << received.error().message() << '\n';
      co_return false;
    }
    if (const auto* bits = received->get_if<wire::Bitfield>()) {
      std::cout << "Peer has " << bits->bits.size() << " bytes of bitfield\n";
    } else if (const auto* have = received->get_if<wire::Have>()) {
      std::cout << "Peer has piece " << have->piece.value << '\n';
    } else if (received->is<wire::HaveAll>()) {
      std::cout << "Peer has every piece\n";
    }
    if (done(*received)) co_return true;
  }
}

Task<int> exchange(net::Endpoint peer, metainfo::InfoHash info_hash, std::uint32_t length) {
  auto connected = co_await plugins::connect_peer(peer, info_hash, make_peer_id());
  if (!connected) {
    std::cerr << "rbit-peer: " << peer.to_string() << ": " << connected.error().message() << '\n';
    co_return 1;
  }
  auto& conn = **connected;
  std::cout << "Connected to " << conn.client_name() << '\n';
  int status = 1;
  // Express interest in downloading, then wait for the unchoke before requesting.
  auto interested = co_await conn.send(wire::Interested{});
  bool unchoked = false;
  if (interested) {
    unchoked = co_await receive_until(conn, [](const wire::ReceivedMessage& m) { return m.is<wire::Unchoke>(); });
  }
  if (unchoked) {
    // Request block: piece 0, offset 0.
    auto requested = co_await conn.send(wire::Request{PieceIndex{0}, 0, length});
    if (requested) {
      std::optional<std::vector<std::byte>> block;
      const bool got = co_await receive_until(conn, [&](const wire::ReceivedMessage& m) {
        const auto* piece = m.get_if<wire::Piece>();
        if (piece == nullptr || piece->piece.value != 0 || piece->begin != 0) return false;
        block.emplace(piece->block.begin(), piece->block.end());
        return true;
      });
      if (got && block) {
        std::cout << "Received " << block->size() << " bytes for piece 0 at offset 0\n";
        crypto::Sha1 hasher;
        hasher.update(std::span<const std::byte>(*block));
        std::cout << "SHA-1 " << hasher.finish().hex() << '\n';
        status = 0;
      }
    }
  }
  co_await conn.shutdown();  // before the connection goes
  co_return status;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::cerr << "usage: rbit-peer HOST:PORT INFOHASH [BLOCK_LENGTH]\n";
    return 2;
  }
  const auto peer = net::Endpoint::parse(argv[1]);
  const auto info_hash = metainfo::InfoHash::from_hex(argv[2]);
  if (!peer || !info_hash) {
    std::cerr << "rbit-peer: give HOST:PORT and 40 hex digits\n";
    return 2;
  }
  const auto length = static_cast<std::uint32_t>(argc > 3 ? std::strtoul(argv[3], nullptr, 10) : wire::kBlockSize);
  asio::io_context io;
  int status = 1;
  asio::co_spawn(io, exchange(*peer, *info_hash, length), [&](std::exception_ptr e, int code) { status = e ? 1 : code; });
  io.run();
  return status;
}
