#pragma once
// The picker plugin kind: which new piece a torrent starts next. The engine's PiecePicker
// keeps the life of every block (requested, received, written, end-game) and the
// availability of every piece; a PieceOrder only chooses, whenever a peer has room for
// requests and no piece in flight has an open block, the next piece to start with it.
// Pieces with a deadline (SessionView::set_piece_deadline, a streaming read) are taken
// before any order is asked.
//
//   std::optional<PieceIndex> next_piece(PieceCandidates& c, const Bitfield& peer_has) override {
//     if (auto p = c.in_order(at_, PieceIndex{at_.value + 16}, peer_has)) return p;  // read-ahead
//     return policy::default_next_piece(c, peer_has, 4);  // else as usual
//   }
//
// Sans-I/O: an order sees the picker through PieceCandidates only, during the call.

#include <cstdint>
#include <memory>
#include <optional>

#include "corrent/core/bitfield.hpp"
#include "corrent/core/strong_types.hpp"
#include "corrent/plugin/info_hash_bytes.hpp"
#include "corrent/plugin/plugin.hpp"

namespace corrent::policy {

/// The pieces a torrent could start, as its picker sees them, valid during one
/// next_piece() call. A "fresh" piece is wanted (priority > 0), not had, and not in flight.
/// The searches return a fresh piece the peer has, or nullopt; within one pick (several
/// next_piece() calls for one peer) they resume where they stopped, so taking k pieces
/// costs about what finding them once does.
class PieceCandidates {
 public:
  virtual ~PieceCandidates() = default;

  [[nodiscard]] virtual std::uint32_t piece_count() const = 0;
  /// Pieces verified so far.
  [[nodiscard]] virtual std::uint32_t have_count() const = 0;
  [[nodiscard]] virtual bool is_fresh(PieceIndex p) const = 0;
  /// 0 (skip) .. 7; larger first.
  [[nodiscard]] virtual std::uint8_t priority(PieceIndex p) const = 0;
  /// Connected peers that have `p` (seeds included).
  [[nodiscard]] virtual std::uint32_t availability(PieceIndex p) const = 0;
  /// The torrent asks for index order (AddTorrentParams::sequential).
  [[nodiscard]] virtual bool sequential() const = 0;

  /// Rarest first: of the highest priority level the peer can serve, a piece the fewest
  /// peers have, ties at random. O(buckets + bucket size), not O(pieces).
  virtual std::optional<PieceIndex> rarest(const Bitfield& peer_has) = 0;
  /// Uniform at random over the fresh pieces of the highest priority level the peer can
  /// serve (BitTorrent's "random first piece": a whole piece soon, to trade with).
  virtual std::optional<PieceIndex> random(const Bitfield& peer_has) = 0;
  /// The first fresh piece in [from, end), in index order (end is clamped to
  /// piece_count()). O(end - from) at worst.
  virtual std::optional<PieceIndex> in_order(PieceIndex from, PieceIndex end, const Bitfield& peer_has) = 0;
};

/// One torrent's order. Called on the session executor; must not block.
class PieceOrder {
 public:
  virtual ~PieceOrder() = default;
  /// The next piece to start with a peer that has `peer_has`; nullopt: none. A piece that
  /// is not fresh, or that the peer lacks, is taken as nullopt.
  virtual std::optional<PieceIndex> next_piece(PieceCandidates& candidates, const Bitfield& peer_has) = 0;
  /// A reader (SessionView::read, the streaming server) asked for pieces first..last.
  virtual void on_read(PieceIndex first, PieceIndex last) {
    (void)first;
    (void)last;
  }
};

/// What an order is made for.
struct OrderTorrent {
  InfoHashBytes info_hash{};
  std::uint32_t piece_count = 0;
  std::uint32_t piece_length = 0;
  /// Drives any random choice of the order, so that a run can be repeated.
  std::uint64_t seed = 0;
};

/// The plugin: one per session, chosen by name (SessionSettings::picker, or per torrent
/// AddTorrentParams::picker); it makes an order for every torrent (again once a magnet's
/// metadata has come and the piece count is known).
class PickerPlugin : public Plugin {
 public:
  virtual std::unique_ptr<PieceOrder> make_order(const OrderTorrent& torrent) = 0;
};

/// The order of BitTorrent clients since BEP 3, as the built-in picker plugin uses it and
/// other orders fall back to: index order when the torrent is sequential; random while
/// fewer than `random_first` pieces are had; else rarest first.
std::optional<PieceIndex> default_next_piece(PieceCandidates& candidates, const Bitfield& peer_has,
                                             std::uint32_t random_first);

}  // namespace corrent::policy
