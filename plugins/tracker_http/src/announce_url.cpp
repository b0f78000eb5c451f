#include "corrent/plugins/tracker_http/announce_url.hpp"

#include <cstdint>
#include <cstdio>

#include "corrent/core/encoding.hpp"

namespace corrent::tracker_http {

using tracker::AnnounceEvent;
using tracker::AnnounceRequest;

namespace {

// Splits off the fragment, which is never sent.
std::string_view without_fragment(std::string_view url) {
  return url.substr(0, std::min(url.find('#'), url.size()));
}

// Appends "name=value" to `url`, after "?" or "&" as needed.
void add_param(std::string& url, std::string_view name, std::string_view value) {
  const auto q = url.find('?');
  if (q == std::string::npos) {
    url += '?';
  } else if (url.back() != '?' && url.back() != '&') {
    url += '&';
  }
  url += name;
  url += '=';
  url += value;
}

}  // namespace

std::string percent_encode(std::string_view bytes) { return corrent::percent_encode(bytes); }

std::string build_announce_url(std::string_view announce_url, const AnnounceRequest& request) {
  std::string url(without_fragment(announce_url));
  add_param(url, "info_hash", percent_encode(request.info_hash.view()));
  add_param(url, "peer_id", percent_encode(request.peer_id.view()));
  add_param(url, "port", std::to_string(request.port));
  add_param(url, "uploaded", std::to_string(request.uploaded));
  add_param(url, "downloaded", std::to_string(request.downloaded));
  add_param(url, "left", std::to_string(request.left));
  add_param(url, "compact", "1");
  if (request.event != AnnounceEvent::none) add_param(url, "event", to_string(request.event));
  if (request.numwant) add_param(url, "numwant", std::to_string(*request.numwant));
  char key[9];
  std::snprintf(key, sizeof key, "%08X", static_cast<unsigned>(request.key));
  add_param(url, "key", key);
  if (request.tracker_id) add_param(url, "trackerid", percent_encode(*request.tracker_id));
  return url;
}

std::optional<std::string> scrape_url(std::string_view announce_url) {
  const std::string_view url = without_fragment(announce_url);
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  const auto path_start = url.find('/', scheme_end + 3);
  const auto query = url.find('?', scheme_end + 3);
  if (path_start == std::string_view::npos || (query != std::string_view::npos && query < path_start)) {
    return std::nullopt;
  }
  const std::string_view before_query = url.substr(0, std::min(query, url.size()));
  const auto last_slash = before_query.rfind('/');
  constexpr std::string_view kAnnounce = "announce";
  if (before_query.substr(last_slash + 1, kAnnounce.size()) != kAnnounce) return std::nullopt;
  std::string out(url.substr(0, last_slash + 1));
  out += "scrape";
  out += url.substr(last_slash + 1 + kAnnounce.size());
  return out;
}

std::string build_scrape_url(std::string_view scrape,
                             std::span<const metainfo::InfoHash> info_hashes) {
  std::string url(without_fragment(scrape));
  for (const auto& hash : info_hashes) add_param(url, "info_hash", percent_encode(hash.view()));
  return url;
}

}  // namespace corrent::tracker_http
