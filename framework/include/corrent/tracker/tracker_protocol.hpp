#pragma once
// The tracker plugin kind: one tracker protocol (HTTP(S), UDP), chosen per URL by scheme.
// It is a kind of its own, not a Discovery, because one BEP 12 tier may mix udp:// and
// http:// URLs: the multitracker logic (TrackerList, Announcer) lives in the core and asks
// the protocol of each URL's scheme to do one request.
//
// Registered with Registry::add_tracker and found with PluginSet::tracker_for_scheme.

#include <string>
#include <vector>

#include "corrent/core/task.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/plugin/plugin.hpp"
#include "corrent/tracker/announce.hpp"
#include "corrent/tracker/tracker_error.hpp"

namespace corrent::tracker {

/// One tracker protocol. Its operations run on the session executor; each is bounded in
/// time by the plugin's own settings (timeouts, retransmissions) and ends early, with an
/// error, when the awaiting coroutine is cancelled.
class TrackerProtocol : public Plugin {
 public:
  /// The lower-case URL schemes it serves, e.g. {"http", "https"} or {"udp"}.
  [[nodiscard]] virtual std::vector<std::string> schemes() const = 0;

  /// Announces to the tracker at `url` (an announce URL of one of schemes()). A tracker's
  /// refusal is errc::tracker_failure with the tracker's text in TrackerError::message.
  virtual Task<TrackerResult<AnnounceResponse>> announce(std::string url,
                                                         AnnounceRequest request) = 0;

  /// Scrapes the tracker whose *announce* URL is `url` for up to kMaxScrapeInfoHashes
  /// torrents (HTTP derives the scrape URL by BEP 48's rule, errc::no_scrape_url when it
  /// does not apply; UDP scrapes the same host and port).
  virtual Task<TrackerResult<ScrapeResponse>> scrape(std::string url,
                                                     std::vector<metainfo::InfoHash> info_hashes) = 0;
};

}  // namespace corrent::tracker
