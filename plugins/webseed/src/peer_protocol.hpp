#pragma once
// The peer side of a web seed, sans I/O: what a seed with every piece says to the engine
// (BEP 3) and what it keeps of what the engine says. Our handshake is queued at once (we
// play the connecting side: the engine treats the stream as accepted and waits for it),
// the BITFIELD with every piece after the engine's handshake, UNCHOKE after INTERESTED.
// Requests are queued in order; CANCEL drops a queued one; every other message is ignored.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

#include "corrent/core/peer_id.hpp"
#include "corrent/core/result.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/wire/framer.hpp"
#include "corrent/wire/message.hpp"
#include "corrent/wire/torrent_shape.hpp"

namespace corrent::webseed {

class PeerProtocol {
 public:
  /// `shape` must be a torrent's (piece_count > 0).
  PeerProtocol(const metainfo::InfoHash& info_hash, const PeerId& ours, wire::TorrentShape shape);

  /// Bytes the engine wrote, in any pieces. Errors (final): bad_handshake, bad_request,
  /// too_many_requests, message_too_long, and the codec's for a malformed known message.
  Result<void> on_bytes(std::span<const std::byte> data);

  /// Bytes waiting for the engine.
  [[nodiscard]] std::size_t pending_output() const { return out_.size() - out_at_; }
  /// Moves up to into.size() waiting bytes into `into`; returns how many.
  std::size_t take_output(std::span<std::byte> into);

  /// The engine's handshake came and we unchoked it: requests may be served.
  [[nodiscard]] bool unchoked() const { return unchoked_; }
  /// Outstanding requests, oldest first.
  [[nodiscard]] const std::deque<wire::Request>& requests() const { return requests_; }
  /// Queues the PIECE answering the oldest request (`block` is its bytes) and drops it.
  void serve_front(std::span<const std::byte> block);

 private:
  Result<void> on_handshake();
  Result<void> on_message(const wire::Message& message);
  void append(std::span<const std::byte> bytes);

  metainfo::InfoHash info_hash_;
  wire::TorrentShape shape_;
  wire::Framer framer_;
  std::vector<std::byte> in_;   // engine bytes not yet parsed
  std::vector<std::byte> out_;  // our bytes, from out_at_ on not yet taken
  std::size_t out_at_ = 0;
  std::deque<wire::Request> requests_;
  bool handshake_done_ = false;
  bool unchoked_ = false;
};

}  // namespace corrent::webseed
