#pragma once
// Why a tracker request failed (category "corrent.tracker"). Transport-level causes keep
// their own categories (corrent.http, asio's system errors, corrent.bencode); these name
// the tracker-level problem. TrackerError (tracker_error.hpp) pairs a code with text.

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::tracker {

enum class errc {
  ok = 0,
  tracker_failure,       ///< the tracker refused: "failure reason" (HTTP) or action 3 (UDP)
  bad_response,          ///< not bencode, not a dict, or a field of the wrong type
  truncated_peers,       ///< a compact peer list whose length is not a multiple of 6 / 18
  response_too_large,    ///< a response body over the configured maximum
  http_error,            ///< an HTTP status other than 200 (the message names it)
  tracker_gone,          ///< HTTP 410: the tracker asks never to be contacted again
  timed_out,             ///< no (valid) answer within the timeout or retransmissions
  unsupported_scheme,    ///< no tracker protocol is registered for the URL's scheme
  bad_url,               ///< the tracker URL cannot be parsed or has no host
  no_scrape_url,         ///< BEP 48: the announce URL's last path element is no "announce..."
  too_many_info_hashes,  ///< a scrape for more than kMaxScrapeInfoHashes torrents
  wrong_transaction_id,  ///< UDP: a reply whose transaction id is not the one we sent
  wrong_action,          ///< UDP: a reply whose action does not answer the request
  bad_packet_length,     ///< UDP: a reply too short, or peers not a multiple of the stride
  no_trackers,           ///< the tracker list is empty, or every tracker is gone
  no_address,            ///< the tracker's host name resolved to no usable address
};

/// A short text for each errc value.
std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.tracker"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::tracker

CORRENT_ERROR_ENUM_TRAIT(corrent::tracker::errc);
