// The web seed's peer side (plugins/webseed/src/peer_protocol.hpp) fed arbitrary engine
// bytes. Input: bytes 0..5 choose the torrent's shape, byte 6 whether a valid handshake
// (our info-hash) comes first and byte 7 the size of the pieces the rest is fed in; the
// rest is what the engine writes. After every accepted write: the queued requests are
// within their piece, at most 16 KiB and at most kMaxOutstandingRequests; the first
// output is our handshake; a served request leaves a PIECE of exactly its size. After an
// error nothing more is fed (errors are final).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "corrent/core/peer_id.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/wire/handshake.hpp"
#include "corrent/wire/limits.hpp"
#include "corrent/wire/torrent_shape.hpp"
#include "peer_protocol.hpp"
#include "webseed_limits.hpp"

namespace {

namespace wire = corrent::wire;
namespace webseed = corrent::webseed;

constexpr std::size_t kPrefix = 8;
// Pieces of 1..64 KiB and up to 4096 of them: small enough for every input, large enough
// for multi-byte bitfields and requests that fit or overflow a piece (ours).
constexpr std::uint32_t kMaxFuzzPieceLength = 64 * 1024;
constexpr std::uint32_t kMaxFuzzPieceCount = 4096;

wire::TorrentShape shape_of(const std::uint8_t* p) {
  wire::TorrentShape shape;
  shape.piece_count = 1 + ((std::uint32_t{p[0]} << 8 | p[1]) % kMaxFuzzPieceCount);
  shape.piece_length = 1 + ((std::uint32_t{p[2]} << 8 | p[3]) % kMaxFuzzPieceLength);
  const std::uint32_t last = 1 + ((std::uint32_t{p[4]} << 8 | p[5]) % shape.piece_length);
  shape.total_size = std::uint64_t{shape.piece_count - 1} * shape.piece_length + last;
  return shape;
}

void check_requests(const webseed::PeerProtocol& peer, const wire::TorrentShape& shape) {
  if (peer.requests().size() > webseed::kMaxOutstandingRequests) std::abort();
  for (const auto& r : peer.requests()) {
    const auto size = shape.piece_size(r.piece);
    if (r.length == 0 || r.length > wire::kMaxRequestLength || r.begin >= size || r.length > size - r.begin) {
      std::abort();
    }
  }
}

// Serves the oldest request with zeros: the output grows by a PIECE header and the block.
void serve_one(webseed::PeerProtocol& peer) {
  if (peer.requests().empty()) return;
  const auto length = peer.requests().front().length;
  const auto before = peer.pending_output();
  const auto count = peer.requests().size();
  const std::vector<std::byte> block(length);
  peer.serve_front(block);
  constexpr std::size_t kPieceHeader = 4 + 1 + 4 + 4;  // length, id, index, begin (BEP 3)
  if (peer.pending_output() != before + kPieceHeader + length || peer.requests().size() != count - 1) std::abort();
}

void drain(webseed::PeerProtocol& peer) {
  std::array<std::byte, 4096> sink{};
  while (peer.pending_output() > 0) {
    if (peer.take_output(sink) == 0) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < kPrefix) return 0;
  const auto shape = shape_of(data);
  corrent::metainfo::InfoHash info_hash;
  info_hash.bytes.fill(0x5A);
  corrent::PeerId ours;
  ours.bytes.fill(0x41);
  webseed::PeerProtocol peer(info_hash, ours, shape);

  // Our handshake is queued at once, first.
  std::array<std::byte, wire::kHandshakeLength> first{};
  if (peer.pending_output() < first.size() || peer.take_output(first) != first.size()) std::abort();
  const auto sent = wire::decode_handshake(first);
  if (!sent || sent->info_hash != info_hash || sent->peer_id != ours) std::abort();

  if (data[6] & 1) {
    corrent::PeerId theirs;
    theirs.bytes.fill(0x42);
    const auto handshake = wire::encode_handshake(wire::Handshake{wire::Reserved{}, info_hash, theirs});
    if (!peer.on_bytes(handshake)) std::abort();  // a valid handshake is always taken
  }
  const std::size_t step = 1 + data[7];
  auto rest = std::span(reinterpret_cast<const std::byte*>(data + kPrefix), size - kPrefix);
  bool serve = false;
  while (!rest.empty()) {
    const auto chunk = rest.first(std::min(step, rest.size()));
    rest = rest.subspan(chunk.size());
    if (!peer.on_bytes(chunk)) return 0;  // final: the stream ends here
    check_requests(peer, shape);
    if (serve) serve_one(peer);
    serve = !serve;
    drain(peer);
  }
  return 0;
}
