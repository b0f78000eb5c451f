#pragma once
// ut_metadata (BEP 9): the extension that fetches a magnet link's info dictionary from
// peers and serves ours to others. Configuration section "ut_metadata": none besides
// `enabled`. See docs/protocol-support.md and src/limits.hpp for its bounds.
//
// Fetching: a peer whose extension handshake gives a metadata_size (at most
// metainfo::kMaxMetadataSize) is asked for the 16 KiB pieces in turn, a few at a time,
// into a copy of its own; at most kMaxFetchingPeers peers of a torrent fetch at once (the
// others take over when one is dropped). The whole dictionary goes to
// TorrentView::offer_metadata, which checks it against the info-hash. A peer that sends bad data, wrong metadata, an out-of-range piece, keeps
// rejecting, or stops answering is closed with a ut_metadata::errc (or the engine's
// metadata_hash_mismatch) as the reason, and the others go on.
// Serving: requests are answered from TorrentView::info_dict(), except for private
// torrents (BEP 27: their metadata is not handed out), with a bound per peer.

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "ut_metadata" extension.
void register_ut_metadata(Registry& registry);

}  // namespace corrent::plugins
