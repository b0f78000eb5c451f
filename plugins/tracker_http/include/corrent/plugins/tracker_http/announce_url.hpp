#pragma once
// Building HTTP tracker request URLs (BEP 3) and the announce -> scrape rule (BEP 48).
// Sans-I/O string work. Public, beside register_tracker_http, so that tools show the URLs
// a tracker is asked at (corrent-tracker's check).

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "corrent/metainfo/info_hash.hpp"
#include "corrent/tracker/announce.hpp"

namespace corrent::tracker_http {

/// Percent-encodes `bytes` for a query value: the RFC 3986 unreserved characters
/// (A-Z a-z 0-9 - . _ ~) stay, every other byte becomes %XX with upper-case hex, as BEP 3
/// requires for the binary info_hash and peer_id.
[[nodiscard]] std::string percent_encode(std::string_view bytes);

/// The announce URL for `request`: `announce_url` with, after its own query parameters
/// (kept, "&" or "?" as needed; a fragment is dropped), info_hash, peer_id, port,
/// uploaded, downloaded, left, compact=1, event (unless none), numwant (if set), key (8
/// hex digits) and trackerid (if set).
[[nodiscard]] std::string build_announce_url(std::string_view announce_url,
                                             const tracker::AnnounceRequest& request);

/// BEP 48: the scrape URL of an announce URL, when its last path element starts with
/// "announce" (which becomes "scrape"; query kept), else nullopt.
///   http://t.example/announce?x=1   -> http://t.example/scrape?x=1
///   http://t.example/a/announce.php -> http://t.example/a/scrape.php
///   http://t.example/announce/x     -> nullopt
[[nodiscard]] std::optional<std::string> scrape_url(std::string_view announce_url);

/// `scrape` with one info_hash parameter per hash appended (query kept).
[[nodiscard]] std::string build_scrape_url(std::string_view scrape,
                                           std::span<const metainfo::InfoHash> info_hashes);

}  // namespace corrent::tracker_http
