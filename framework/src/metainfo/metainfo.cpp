#include "corrent/metainfo/metainfo.hpp"

#include <absl/container/flat_hash_set.h>
#include <absl/strings/str_format.h>

#include "corrent/bencode/decode.hpp"
#include "metainfo/clean_url.hpp"
#include "metainfo/info_parser.hpp"

namespace corrent::metainfo {
namespace {

using bencode::Node;

// Collects URLs in order, cleaned and without duplicates.
class UrlSet {
 public:
  explicit UrlSet(PathSanitizer& notes) : notes_(notes) {}
  std::optional<std::string> add(const Node& node) {
    auto raw = node.as_string();
    if (!raw) return std::nullopt;
    auto url = detail::clean_url(*raw);
    if (!url) {
      if (raw->find_first_not_of(" \t\r\n\f\v") != std::string_view::npos) {
        notes_.note(absl::StrFormat("URL \"%s\" dropped: control characters", printable(*raw)));
      }
      return std::nullopt;
    }
    if (!seen_.insert(*url).second) return std::nullopt;
    return url;
  }

 private:
  PathSanitizer& notes_;
  absl::flat_hash_set<std::string> seen_;
};

// BEP 12 tiers when announce-list has any usable URL, else "announce" alone.
std::vector<std::vector<std::string>> read_trackers(const Node& root, PathSanitizer& notes) {
  std::vector<std::vector<std::string>> tiers;
  UrlSet urls(notes);
  if (auto list = root.find_list("announce-list")) {
    for (Node tier_node : list->items()) {
      std::vector<std::string> tier;
      for (Node url : tier_node.items()) {
        if (auto u = urls.add(url)) tier.push_back(std::move(*u));
      }
      if (!tier.empty()) tiers.push_back(std::move(tier));
    }
  }
  if (tiers.empty()) {
    if (auto announce = root.find("announce")) {
      if (auto u = urls.add(*announce)) tiers.push_back({std::move(*u)});
    }
  }
  return tiers;
}

// BEP 19: "url-list" is one URL or a list of them.
std::vector<std::string> read_web_seeds(const Node& root, PathSanitizer& notes) {
  std::vector<std::string> out;
  auto node = root.find("url-list");
  if (!node) return out;
  UrlSet urls(notes);
  if (node->is_string()) {
    if (auto u = urls.add(*node)) out.push_back(std::move(*u));
    return out;
  }
  for (Node item : node->items()) {
    if (auto u = urls.add(item)) out.push_back(std::move(*u));
  }
  return out;
}

void read_top_level(const Node& root, PathSanitizer& notes, Metainfo& m) {
  m.trackers = read_trackers(root, notes);
  m.web_seeds = read_web_seeds(root, notes);
  m.creation_date = root.find_int("creation date");
  m.comment = std::string(root.find_string("comment").value_or(""));
  m.created_by = std::string(root.find_string("created by").value_or(""));
  m.encoding = std::string(root.find_string("encoding").value_or(""));
}

ParseResult<bencode::Document> decode_bounded(std::string_view bytes, const TorrentLimits& limits) {
  if (bytes.size() > limits.max_torrent_size) return parse_fail(errc::torrent_too_large, 0);
  bencode::DecodeOptions options;
  options.limits.max_depth = limits.max_decode_depth;
  options.limits.max_tokens = limits.max_decode_tokens;
  return bencode::decode(bytes, options);
}

}  // namespace

crypto::Sha1Digest Metainfo::piece_hash(PieceIndex p) const {
  crypto::Sha1Digest d;
  const std::string_view h = std::string_view(piece_hashes).substr(std::size_t{p.value} * 20, 20);
  std::copy(h.begin(), h.end(), d.bytes.begin());
  return d;
}

ParseResult<Metainfo> parse_torrent(std::string_view bytes, const TorrentLimits& limits) {
  CORRENT_TRY(const bencode::Document doc, decode_bounded(bytes, limits));
  const Node root = doc.root();
  if (!root.is_dict()) return parse_fail(errc::not_a_dict, 0);
  auto info = root.find("info");
  if (!info) return parse_fail(errc::missing_info, 0);
  if (!info->is_dict()) return parse_fail(errc::invalid_info, info->offset());
  Metainfo m;
  PathSanitizer paths;
  CORRENT_TRY_VOID(detail::parse_info(*info, limits, paths, m));
  read_top_level(root, paths, m);
  m.warnings = paths.take_warnings();
  return m;
}

ParseResult<Metainfo> parse_info_dict(std::string_view info_bytes, const TorrentLimits& limits) {
  CORRENT_TRY(const bencode::Document doc, decode_bounded(info_bytes, limits));
  if (!doc.root().is_dict()) return parse_fail(errc::invalid_info, 0);
  Metainfo m;
  PathSanitizer paths;
  CORRENT_TRY_VOID(detail::parse_info(doc.root(), limits, paths, m));
  m.warnings = paths.take_warnings();
  return m;
}

}  // namespace corrent::metainfo
