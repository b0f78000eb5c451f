#pragma once
// TorrentState: what a torrent is doing. Here, below the view module, because an event
// (TorrentStateChanged) carries it; TorrentStatus (view/torrent_status.hpp) reports it.

#include <string_view>

namespace corrent {

/// The life of a torrent: fetching its metadata (a magnet link), checking its data, then
/// downloading, then seeding (and back to downloading when more is wanted). `paused` holds
/// any of these: it keeps no connections (or, paused by a full disk, keeps them but
/// transfers nothing), and resumes where it was. `failed` stopped on an error (a storage
/// error, say) and is final. docs/engine.md draws the transitions.
enum class TorrentState { fetching_metadata, checking, downloading, seeding, paused, failed };

/// "fetching_metadata", "checking", "downloading", "seeding", "paused", "failed".
[[nodiscard]] std::string_view to_string(TorrentState state) noexcept;

}  // namespace corrent
