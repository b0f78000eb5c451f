#include "corrent/client/torrent_id.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>

namespace corrent::client {

TorrentKind recognise(std::string_view text) {
  if (text.starts_with("magnet:")) return TorrentKind::text;
  if (text.starts_with("http://") || text.starts_with("https://")) return TorrentKind::url;
  std::error_code ec;
  const std::filesystem::path path{std::string(text)};
  if (std::filesystem::is_regular_file(path, ec)) return TorrentKind::path;
  const bool alnum = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
  });
  return alnum ? TorrentKind::text : TorrentKind::path;
}

}  // namespace corrent::client
