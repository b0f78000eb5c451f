#pragma once
// Checks a decoded message against the torrent it belongs to. Separate from decoding:
// the codec knows message shapes, this knows the torrent; a connection calls it only once
// the torrent's metadata is known (a magnet peer before metadata has no TorrentShape).

#include "corrent/core/result.hpp"
#include "corrent/wire/errc.hpp"
#include "corrent/wire/message.hpp"
#include "corrent/wire/torrent_shape.hpp"

namespace corrent::wire {

/// Succeeds when `m` makes sense for `shape`; otherwise the first failing rule:
/// - HAVE, SUGGEST, ALLOWED FAST, and the piece of REQUEST/CANCEL/REJECT/PIECE:
///   bad_piece_index unless index < piece_count;
/// - REQUEST, CANCEL, REJECT: zero_length_request for length 0, request_too_large over
///   kMaxRequestLength (16 KiB), request_out_of_range if begin + length passes the end of
///   the piece (the last piece is shorter);
/// - PIECE: block_out_of_range for an empty block, one over kMaxRequestLength, or one
///   passing the end of its piece (we never request such blocks);
/// - BITFIELD: bitfield_wrong_size unless ceil(piece_count / 8) bytes,
///   bitfield_spare_bits if a bit past the last piece is set (core's Bitfield::from_wire).
/// Other messages always pass.
[[nodiscard]] Result<void> validate(const Message& m, const TorrentShape& shape);

}  // namespace corrent::wire
