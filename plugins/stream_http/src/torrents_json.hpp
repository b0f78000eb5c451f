#pragma once
// GET /api/torrents: every torrent of the session as JSON, for the page and for scripts.
//   {"torrents": [{"info_hash": "...", "name": "...", "state": "downloading",
//     "size": N, "progress": 0.25, "download_rate": N, "upload_rate": N, "downloaded": N,
//     "uploaded": N, "peers": N, "seeds": N, "piece_count": N,
//     "pieces": "<the have bitfield, hex, as on the wire>",
//     "files": [{"index": 0, "path": "a/b.mp4", "size": N, "type": "video/mp4",
//                "url": "/files/<hex>/a/b.mp4"}]}]}
// Sizes are the wanted bytes of the status (progress = done / wanted); a magnet link still
// fetching its metadata has no files, pieces or size.

#include <string>

#include "corrent/view/session_view.hpp"

namespace corrent::stream_http {

/// The JSON document above, for the session as it is now (sorted by name, then info-hash;
/// at most kMaxListedTorrents).
[[nodiscard]] std::string torrents_json(const SessionView& session);

}  // namespace corrent::stream_http
