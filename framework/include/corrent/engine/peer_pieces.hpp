#pragma once
// PeerPieces: one connected peer's pieces as a PiecePicker counts them, and every picker
// call made for that peer. It keeps the picker in step with what the peer said: its pieces
// count towards availability from construction, and on destruction they are taken back
// and its outstanding requests freed for others, so a peer that is gone is never counted.
//
// The engine's Peer holds one; so may any other code that drives a picker per peer.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "corrent/core/bitfield.hpp"
#include "corrent/engine/block.hpp"
#include "corrent/engine/piece_picker.hpp"

namespace corrent::engine {

class PeerPieces {
 public:
  /// A peer known as `key` with no pieces yet; `picker` outlives this.
  PeerPieces(PiecePicker& picker, PeerKey key);
  ~PeerPieces();
  PeerPieces(const PeerPieces&) = delete;
  PeerPieces& operator=(const PeerPieces&) = delete;

  // --- what the peer has ---
  [[nodiscard]] const Bitfield& has() const { return has_; }
  [[nodiscard]] bool is_seed() const { return has_.all(); }
  /// A HAVE. False if the peer had it already. O(1).
  bool add(PieceIndex piece);
  /// A DONT_HAVE (BEP 54). False if it did not have it. O(1), except for a peer counted
  /// as a seed until now: recounted piece by piece, once.
  bool remove(PieceIndex piece);
  /// A BITFIELD, HAVE_ALL or HAVE_NONE: the peer's pieces are now `has` (of the picker's
  /// piece count). Interest is counted again.
  void replace(Bitfield has);
  /// Whether the peer has a piece we want and lack: counted again by replace() and
  /// recount_interest(), raised by add(); a piece we finish does not lower it until then.
  [[nodiscard]] bool interesting() const { return interesting_; }
  bool recount_interest();

  // --- what we have ---
  [[nodiscard]] const Bitfield& ours() const { return picker_.have_bits(); }
  [[nodiscard]] bool we_have(PieceIndex piece) const { return picker_.have(piece); }

  // --- our requests to the peer ---
  /// Up to `max` blocks to request now (PiecePicker::pick for this peer).
  [[nodiscard]] std::vector<BlockRef> pick(std::size_t max, std::span<const PieceIndex> allowed_fast,
                                           bool peer_choking);
  /// Requested from the peer and not received yet.
  [[nodiscard]] std::size_t outstanding() const { return picker_.outstanding(key_); }
  /// A block arrived (PiecePicker::on_block_received).
  PiecePicker::Received received(BlockRef block) { return picker_.on_block_received(key_, block); }
  /// The peer rejected a request: the block is open to others again.
  void rejected(BlockRef block) { picker_.on_request_cancelled(key_, block); }
  /// The peer rejected a request while not choking us: it will not send that piece (a
  /// peer that lost it, or one that lies about having it). As rejected(), and the piece
  /// is not asked of this peer again until forgive_refusals(); asked again at once, it
  /// would reject again, in a loop as fast as the network.
  void refused(BlockRef block);
  /// Every refused piece may be asked again (the peer unchoked us anew).
  void forgive_refusals() { refused_.reset(); }
  /// The peer choked us: every request to it is open to others again.
  void choked() { picker_.on_peer_gone(key_); }
  /// The peer took too long: every request to it is open to others again. Returns them,
  /// to CANCEL.
  std::vector<BlockRef> take_back_requests();

 private:
  PiecePicker& picker_;
  PeerKey key_;
  Bitfield has_;
  bool interesting_ = false;
  // After a refusal: the pieces refused, and has_ without them (what pick() is given).
  std::optional<Bitfield> refused_;
  Bitfield pickable_;
};

}  // namespace corrent::engine
