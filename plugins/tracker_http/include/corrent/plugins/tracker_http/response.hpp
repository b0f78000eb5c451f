#pragma once
// Parsing the bencoded body of an HTTP tracker's announce and scrape replies. Sans-I/O.
//
// Announce (BEP 3, 23, 7, 24): "failure reason" wins over everything else and becomes
// errc::tracker_failure with its text. Otherwise the body must be a dict; "peers" may be
// a compact string (6 bytes a peer, BEP 23) or a list of dicts ("ip", "port"; entries
// whose ip is not an IPv4/IPv6 literal, or whose port is not in 1..65535, are skipped:
// we do not resolve host names from trackers), "peers6" a compact string of 18-byte
// entries (BEP 7). A compact string whose length is not a multiple of its stride is
// errc::truncated_peers: the whole reply is refused, as a sign of a broken tracker or a
// cut-off body (no partial list). Peers past kMaxPeersPerResponse are ignored.
// "interval" and "min interval" are clamped (the core's tracker/limits.hpp); "complete",
// "incomplete" are taken when they are non-negative integers that fit 32 bits; "tracker
// id", "warning message" and "external ip" (4 or 16 bytes, BEP 24) when present and well
// formed.
//
// Scrape (BEP 48): a dict with "files", a dict from 20-byte info-hashes to dicts of
// "complete", "downloaded", "incomplete" (absent counts are 0; keys of another length
// are skipped); or "failure reason".
//
// Both refuse bodies over kMaxResponseSize (errc::response_too_large) and decode with
// kMaxDecodeDepth and kMaxDecodeTokens; bencode errors are errc::bad_response with the
// bencode reason and byte offset in the message. Errors are tracker::errc; these three
// bounds are in limits.hpp beside this header.
//
// Public, beside register_tracker_http, so that tests and fuzz targets parse replies
// directly.

#include <string_view>

#include "corrent/plugins/tracker_http/limits.hpp"
#include "corrent/tracker/announce.hpp"
#include "corrent/tracker/tracker_error.hpp"

namespace corrent::tracker_http {

/// Parses an announce reply body.
[[nodiscard]] tracker::TrackerResult<tracker::AnnounceResponse> parse_announce_response(
    std::string_view body);

/// Parses a scrape reply body.
[[nodiscard]] tracker::TrackerResult<tracker::ScrapeResponse> parse_scrape_response(
    std::string_view body);

}  // namespace corrent::tracker_http
