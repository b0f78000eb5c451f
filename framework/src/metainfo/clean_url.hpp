#pragma once
// Tracker and web seed URLs from untrusted input (.torrent files, magnet links).

#include <optional>
#include <string>
#include <string_view>

namespace corrent::metainfo::detail {

/// `url` without surrounding whitespace; nullopt when nothing is left or it contains a
/// control character (a CR/LF in a tracker URL would inject lines into an HTTP request).
[[nodiscard]] std::optional<std::string> clean_url(std::string_view url);

}  // namespace corrent::metainfo::detail
