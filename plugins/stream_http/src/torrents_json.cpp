#include "torrents_json.hpp"

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "content_type.hpp"
#include "corrent/core/encoding.hpp"
#include "corrent/plugins/stream_http.hpp"
#include "serve_limits.hpp"

namespace corrent::stream_http {

namespace {

nlohmann::json files_json(const metainfo::InfoHash& info_hash, const metainfo::FileLayout& layout) {
  auto files = nlohmann::json::array();
  for (std::size_t i = 0; i < layout.files().size(); ++i) {
    const auto& file = layout.files()[i];
    if (file.pad) continue;  // BEP 47 padding: zeros, not a file anyone plays
    files.push_back({{"index", i},
                     {"path", file.path},
                     {"size", file.size},
                     {"type", std::string(content_type_for(file.path))},
                     {"url", plugins::stream_http_file_path(info_hash, file.path)}});
  }
  return files;
}

}  // namespace

std::string torrents_json(const SessionView& session) {
  auto statuses = session.torrents();
  std::sort(statuses.begin(), statuses.end(), [](const TorrentStatus& a, const TorrentStatus& b) {
    return std::tie(a.name, a.info_hash) < std::tie(b.name, b.info_hash);
  });
  if (statuses.size() > kMaxListedTorrents) statuses.resize(kMaxListedTorrents);
  auto list = nlohmann::json::array();
  for (const auto& s : statuses) {
    const double progress =
        s.wanted_total == 0 ? (s.finished ? 1.0 : 0.0) : static_cast<double>(s.wanted_done) / static_cast<double>(s.wanted_total);
    nlohmann::json t = {{"info_hash", s.info_hash.hex()},
                        {"name", s.name},
                        {"state", std::string(to_string(s.state))},
                        {"size", s.wanted_total},
                        {"progress", progress},
                        {"download_rate", s.download_rate},
                        {"upload_rate", s.upload_rate},
                        {"downloaded", s.downloaded},
                        {"uploaded", s.uploaded},
                        {"peers", s.peers},
                        {"seeds", s.seeds},
                        {"piece_count", s.pieces_total},
                        {"pieces", ""},
                        {"files", nlohmann::json::array()}};
    if (const auto have = session.have_pieces(s.info_hash)) t["pieces"] = to_hex(have->to_wire());
    if (const auto layout = session.files(s.info_hash)) t["files"] = files_json(s.info_hash, *layout);
    list.push_back(std::move(t));
  }
  // Names come from torrents: invalid UTF-8 is replaced, never thrown on.
  return nlohmann::json{{"torrents", std::move(list)}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace corrent::stream_http
