#pragma once
// What Client::add takes besides an info-hash and a magnet: .torrent bytes, a path, a URL,
// or a string recognised as one of them (recognise()).

#include <filesystem>
#include <string>
#include <string_view>


namespace corrent::client {

/// The bytes of a .torrent file.
struct TorrentBytes {
  std::string bytes;
};
/// A .torrent file on disk.
struct TorrentPath {
  std::filesystem::path path;
};
/// An http:// or https:// URL whose body is a .torrent file.
struct TorrentUrl {
  std::string url;
};
/// What a string given to Client::add(std::string) names.
enum class TorrentKind {
  text,  ///< a magnet URI or a bare info-hash (40 hex or 32 base32 characters)
  url,   ///< an http:// or https:// URL of a .torrent
  path,  ///< a .torrent file on disk
};

/// Checked in this order: "magnet:" starts a magnet URI (text); "http://" or "https://" a
/// URL; an existing regular file a path; letters and digits only an info-hash attempt
/// (text, so that a bad one is errc::invalid_info_hash); anything else a path
/// (errc::file_not_found if missing).
[[nodiscard]] TorrentKind recognise(std::string_view text);

}  // namespace corrent::client
