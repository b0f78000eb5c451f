#pragma once
// Which blocks to request from which peer, and the life of every block in flight.
// Sans-I/O: no Asio, no clock, no filesystem; the only randomness comes from the seed.

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "corrent/core/bitfield.hpp"
#include "corrent/core/strong_types.hpp"
#include "corrent/engine/block.hpp"
#include "corrent/engine/limits.hpp"
#include "corrent/policy/piece_order.hpp"
#include "corrent/wire/torrent_shape.hpp"

namespace corrent::engine {

/// Picks blocks to request and tracks each one: open -> requested -> received -> written,
/// and each piece: -> had (hash passed) or back to open (hash failed).
///
/// Memory: about 10 bytes per piece, plus 16 bytes per block of the pieces in flight
/// only (a piece with no block requested or received holds no block state).
///
/// pick() order: deadline pieces (soonest first); then pieces in flight with open blocks
/// (finish what was started); then new pieces, in the order of the torrent's PieceOrder
/// (set_order(), a picker plugin), or without one policy::default_next_piece: in index
/// order when sequential, at random while have_count() < kRandomFirstPieces, else rarest
/// first (ties at random), higher priority before lower in the last two. End-game (see
/// in_endgame()) then hands out blocks already requested from other peers.
///
/// Cost of pick(), for k blocks returned: O(D + P + k + S) where D is the number of pieces
/// with a deadline, P the number of in-flight pieces with open blocks, and S the new-piece
/// search: rarest first scans the availability buckets (at most 7 x (highest availability
/// + 1), most of them skipped in O(1)) and, within a bucket, the pieces until one the
/// peer has (O(1) when the peer has them all, as a seed does); sequential scans from the
/// first wanted piece not had; random first scans from a random index. The scans of S
/// are O(pieces) only when the peer has almost none of the candidates. End-game adds
/// O(F x B) for F pieces in flight of B blocks, only while in end-game.
class PiecePicker {
 public:
  /// What on_block_received() made of a block.
  struct Received {
    bool accepted = false;               // false: not requested from this peer, or a duplicate
    std::vector<PeerKey> also_requested;  // other peers it was requested from: send them CANCEL
  };

  /// A picker for a torrent of `shape` (piece_count may be 0); `seed` drives every random
  /// choice, so a run is reproducible.
  PiecePicker(wire::TorrentShape shape, std::uint64_t seed);

  // --- our pieces ---
  /// Marks `p` verified (resume data, a hash check, or on_piece_passed); drops its blocks.
  void set_have(PieceIndex p);
  /// A piece we had is gone from the disk (a file cut or deleted under a seed): not had
  /// any more, and wanted again as its priority says. False if it was not had.
  bool lose(PieceIndex p);
  [[nodiscard]] bool have(PieceIndex p) const;
  [[nodiscard]] const Bitfield& have_bits() const noexcept { return have_; }
  [[nodiscard]] std::uint32_t have_count() const noexcept;

  // --- what we want ---
  /// 0 skips the piece (never picked), 1..kMaxPiecePriority, larger first; above
  /// kMaxPiecePriority is taken as kMaxPiecePriority. Default kDefaultPiecePriority.
  void set_piece_priority(PieceIndex p, std::uint8_t prio);
  [[nodiscard]] std::uint8_t piece_priority(PieceIndex p) const;
  /// In index order (priorities other than 0 are then ignored for new pieces).
  void set_sequential(bool on);
  [[nodiscard]] bool sequential() const noexcept { return sequential_; }
  /// Smaller = sooner; deadline pieces are picked before all others. Dropped once had.
  void set_deadline(PieceIndex p, std::uint64_t deadline);
  void clear_deadline(PieceIndex p);
  /// `p` has a deadline. O(log n).
  [[nodiscard]] bool has_deadline(PieceIndex p) const { return deadline_of_.contains(p.value); }
  /// The order new pieces are started in (a picker plugin's); nullptr: the default.
  void set_order(std::unique_ptr<policy::PieceOrder> order) { order_ = std::move(order); }
  [[nodiscard]] policy::PieceOrder* order() const noexcept { return order_.get(); }
  /// A reader asked for pieces first..last: the order hears of it (a streaming order
  /// moves its read-ahead there).
  void on_read(PieceIndex first, PieceIndex last) {
    if (order_) order_->on_read(first, last);
  }
  /// Every piece with priority > 0 is had.
  [[nodiscard]] bool is_finished() const noexcept { return wanted_left_pieces_ == 0; }
  /// Bytes of the pieces with priority > 0.
  [[nodiscard]] std::uint64_t wanted_bytes() const noexcept { return wanted_bytes_; }
  /// Bytes of the pieces with priority > 0 not yet had.
  [[nodiscard]] std::uint64_t wanted_bytes_left() const noexcept { return wanted_left_bytes_; }

  // --- availability ---
  /// A peer's pieces (its BITFIELD, or a full one for HAVE_ALL: O(1) then). A field of
  /// the wrong size is ignored. remove_peer() takes the peer's pieces as they are at
  /// its departure (its bitfield plus its HAVEs).
  void add_peer(const Bitfield& has);
  void remove_peer(const Bitfield& has);
  /// A HAVE from a connected peer.
  void add_have(PieceIndex p);
  /// A connected peer (not counted as a seed) no longer has `p` (lt_donthave, BEP 54).
  /// O(1).
  void remove_have(PieceIndex p);
  /// How many connected peers have `p`.
  [[nodiscard]] std::uint32_t availability(PieceIndex p) const;
  /// Whether the peer has a piece we want (priority > 0) and lack. O(1) for a seed,
  /// else a scan that stops at the first such piece.
  [[nodiscard]] bool is_interesting(const Bitfield& peer_has) const;

  // --- picking ---
  /// Up to `max_blocks` blocks to request from `peer`, now marked requested by it: blocks
  /// the peer has, of wanted pieces we lack; when `peer_choking`, only from the pieces in
  /// `allowed_fast`. In end-game also blocks requested from other peers, never twice to
  /// the same peer, at most kMaxEndgameDuplicates + 1 requesters per block.
  [[nodiscard]] std::vector<BlockRef> pick(PeerKey peer, const Bitfield& peer_has,
                                           std::size_t max_blocks,
                                           std::span<const PieceIndex> allowed_fast = {},
                                           bool peer_choking = false);
  /// End-game: no wanted piece that a connected peer has still has an open block
  /// (every block is requested or received), and some wanted piece is not had yet.
  [[nodiscard]] bool in_endgame() const;

  // --- block life ---
  /// A block arrived from `peer`. Accepted only if it was requested from that peer and
  /// not received yet (and names a real block); then every other requester is listed.
  Received on_block_received(PeerKey peer, BlockRef b);
  /// The received block `b` is stored. True when every block of b.piece is written.
  bool on_block_written(BlockRef b);
  /// The request of `b` from `peer` is over unanswered (timeout, reject, choke): the block
  /// is open again unless another peer still has it requested.
  void on_request_cancelled(PeerKey peer, BlockRef b);
  /// Every outstanding request of `peer` is cancelled. O(F x B).
  void on_peer_gone(PeerKey peer);
  /// The piece's hash passed: it is had.
  void on_piece_passed(PieceIndex p);
  /// The piece's hash failed: every block is open again. Returns the peers that sent its
  /// blocks (each once, in increasing order).
  std::vector<PeerKey> on_piece_failed(PieceIndex p);
  /// Blocks requested from `peer` and not received yet. O(1).
  [[nodiscard]] std::size_t outstanding(PeerKey peer) const;
  /// Those blocks. O(F x B).
  [[nodiscard]] std::vector<BlockRef> requests_of(PeerKey peer) const;
  /// A block of `p` is requested or received, and `p` is not had yet. O(1).
  [[nodiscard]] bool in_flight(PieceIndex p) const { return partial_of(p.value) != nullptr; }
  /// Pieces with a block requested or received, not had yet.
  [[nodiscard]] std::uint32_t pieces_in_flight() const noexcept {
    return static_cast<std::uint32_t>(partials_.size());
  }

  // --- geometry ---
  [[nodiscard]] const wire::TorrentShape& shape() const noexcept { return shape_; }
  /// Blocks in piece `p` (0 when out of range).
  [[nodiscard]] std::uint32_t block_count(PieceIndex p) const;
  /// Block `index` of piece `p`, with its real length (the last one may be shorter).
  [[nodiscard]] BlockRef block_at(PieceIndex p, std::uint32_t index) const;

  /// Checks every internal invariant (for tests and debugging; O(pieces + F x B)).
  /// Returns "" when all hold, else a description of the first one broken.
  [[nodiscard]] std::string check_invariants() const;

 private:
  enum class PieceState : std::uint8_t { fresh, partial, had, unwanted };
  enum class BlockState : std::uint8_t { open, requested, received, written };
  static constexpr std::uint32_t kNone = 0xffffffff;
  static constexpr std::size_t kMaxRequesters = kMaxEndgameDuplicates + 1;
  static constexpr std::size_t kLevels = kMaxPiecePriority + 1;

  struct Block {
    BlockState state = BlockState::open;
    std::uint8_t requesters = 0;             // peers_[0, requesters) when requested
    std::array<PeerKey, kMaxRequesters> peers{};  // received/written: peers[0] sent it
  };
  struct Partial {
    PieceIndex piece;
    std::uint32_t open = 0, requested = 0, received = 0, written = 0;
    std::uint32_t first_open = 0;      // no open block below this index
    std::uint32_t open_pos = kNone;    // position in open_list_ while open > 0
    std::vector<Block> blocks;
  };
  struct Search;  // pick()'s resumable new-piece search
  class Candidates;  // what a PieceOrder sees during pick()
  friend class Candidates;

  // availability and the fresh-piece buckets (piece_picker.cpp)
  void change_availability(PieceIndex p, bool up);
  void bucket_insert(std::uint32_t p);
  void bucket_erase(std::uint32_t p);
  void settle(std::uint32_t p);  // fresh / unwanted from priority, for a piece not partial
  void set_wanted(std::uint32_t p, bool wanted);
  // block bookkeeping (piece_picker_blocks.cpp)
  std::uint32_t index_of(BlockRef b) const;  // b's block index, kNone unless a real block
  Partial& start_partial(std::uint32_t p);
  void drop_partial(std::uint32_t p);
  Partial* partial_of(std::uint32_t p);
  const Partial* partial_of(std::uint32_t p) const;
  void update_open_list(Partial& part);
  bool remove_requester(Block& blk, PeerKey peer);
  void cancel_request(Partial& part, std::uint32_t index, PeerKey peer);
  void drop_if_idle(std::uint32_t p);
  std::uint32_t& outstanding_ref(PeerKey peer);
  void less_outstanding(PeerKey peer);
  // picking (piece_picker_pick.cpp)
  void take_open(Partial& part, PeerKey peer, std::size_t max, std::vector<BlockRef>& out);
  void take_piece(std::uint32_t p, PeerKey peer, std::size_t max, std::vector<BlockRef>& out);
  std::uint32_t next_in_order(Search& s, std::uint32_t from, std::uint32_t end, const Bitfield& peer_has);
  std::uint32_t next_random(const Bitfield& peer_has);
  std::uint32_t next_rarest(Search& s, const Bitfield& peer_has);
  template <class Usable>
  void take_endgame(PeerKey peer, Usable usable, std::size_t max, std::vector<BlockRef>& out);

  wire::TorrentShape shape_;
  std::uint32_t blocks_per_piece_ = 0;
  std::mt19937_64 rng_;
  Bitfield have_;
  std::vector<std::uint8_t> priority_;
  std::vector<PieceState> state_;
  std::vector<std::uint32_t> availability_;  // per piece, have-all peers not included
  std::uint32_t seeds_ = 0;                  // have-all peers
  std::vector<std::uint32_t> index_;  // fresh: position in its bucket; partial: in partials_
  // Fresh pieces (not had, priority > 0, nothing in flight) by [priority][availability].
  std::array<std::vector<std::vector<std::uint32_t>>, kLevels> buckets_;
  std::array<std::uint32_t, kLevels> fresh_count_{};
  std::vector<Partial> partials_;
  std::vector<std::uint32_t> open_list_;  // pieces in partials_ with an open block
  std::map<std::uint32_t, std::uint64_t> deadline_of_;
  std::set<std::pair<std::uint64_t, std::uint32_t>> deadlines_;
  std::unordered_map<PeerKey, std::uint32_t> outstanding_;
  bool sequential_ = false;
  std::uint32_t seq_cursor_ = 0;  // every piece below is had or unwanted
  std::unique_ptr<policy::PieceOrder> order_;
  std::uint64_t wanted_bytes_ = 0;
  std::uint64_t wanted_left_bytes_ = 0;
  std::uint32_t wanted_left_pieces_ = 0;
};

}  // namespace corrent::engine
