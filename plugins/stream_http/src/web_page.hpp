#pragma once
// GET /: the page. Plain HTML and JavaScript, no build step and nothing fetched from
// elsewhere (it must work offline and leaks nothing): the torrents with progress, speeds,
// peers and a piece map, polled from /api/torrents every second; pause/resume and remove
// buttons; a box to add a magnet link; a <video> or <audio> player for each media file,
// fed by the file's URL.

#include <string>
#include <string_view>

namespace corrent::stream_http {

/// The page, with `token` in it for its calls that change state (the page is only
/// readable by pages of this origin: the Host check stops a rebound name).
[[nodiscard]] std::string web_page(std::string_view token);

}  // namespace corrent::stream_http
