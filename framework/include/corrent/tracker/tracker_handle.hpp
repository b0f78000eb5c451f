#pragma once
// TrackerHandle: one tracker, by URL, whatever its protocol: what rbit's
// `HttpTracker::new(url)` and `UdpTracker::connect(url)` give their users. Its announces
// and scrapes go to that URL through the protocol of its scheme; a UDP tracker's connection
// id is kept by the protocol between them while it is fresh (BEP 15: one minute; the
// tracker_udp plugin's connection_id_lifetime_ms), so a second request skips the connect.
//
//   auto tracker = tracker::TrackerHandle::open(client, "udp://127.0.0.1:6969");
//   if (!tracker) ...;                                 // no such scheme, not a URL
//   auto reply = co_await tracker->announce(request);

#include <string>
#include <vector>

#include "corrent/core/task.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/tracker/announce.hpp"
#include "corrent/tracker/tracker_client.hpp"
#include "corrent/tracker/tracker_error.hpp"

namespace corrent::tracker {

class TrackerHandle {
 public:
  /// The tracker at `url` on `client`'s protocols. A URL without a scheme, or one no
  /// protocol serves, fails here (errc::bad_url, errc::unsupported_scheme) rather than at
  /// the first request. The protocols must outlive the handle.
  [[nodiscard]] static TrackerResult<TrackerHandle> open(TrackerClient client, std::string url);

  [[nodiscard]] const std::string& url() const { return url_; }
  /// Announces to this tracker.
  Task<TrackerResult<AnnounceResponse>> announce(AnnounceRequest request) const;
  /// Scrapes this tracker (its announce URL; BEP 48 for HTTP) for up to
  /// kMaxScrapeInfoHashes torrents.
  Task<TrackerResult<ScrapeResponse>> scrape(std::vector<metainfo::InfoHash> info_hashes) const;

 private:
  TrackerHandle(TrackerClient client, std::string url) : client_(std::move(client)), url_(std::move(url)) {}

  TrackerClient client_;
  std::string url_;
};

}  // namespace corrent::tracker
