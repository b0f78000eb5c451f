#pragma once
// picker_streaming: a piece order for playing while downloading. The pieces from the
// reading position on, for `read_ahead_pieces`, in index order; then rarest first for the
// rest, so the swarm still gets rare pieces from us. The reading position is where the
// last read (SessionView::read, the HTTP streaming server) began, piece 0 before any; the
// pieces a read waits on have deadlines, which every order honours first. Choose it per
// torrent (AddTorrentParams::picker = "picker_streaming") or for the session.
// Configuration section "picker_streaming":
//   read_ahead_pieces (integer 1..100000, default 32): pieces after the reading position
//   fetched in order.

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "picker_streaming" piece order.
void register_picker_streaming(Registry& registry);

}  // namespace corrent::plugins
