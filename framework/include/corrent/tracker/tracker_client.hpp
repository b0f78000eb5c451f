#pragma once
// One announce or scrape to any tracker URL: picks the TrackerProtocol registered for the
// URL's scheme. The corrent-tracker sample and the Announcer both go through it.
//
//   tracker::TrackerClient client{[&](std::string_view s) { return plugins.tracker_for_scheme(s); }};
//   auto reply = co_await client.announce("udp://tracker.example:6969/announce", request);

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corrent/core/task.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/tracker/announce.hpp"
#include "corrent/tracker/tracker_error.hpp"
#include "corrent/tracker/tracker_protocol.hpp"

namespace corrent::tracker {

/// The protocol serving a (lower-case) scheme, or nullptr. PluginSet::tracker_for_scheme
/// fits, as does a lambda over test fakes.
using ProtocolLookup = std::function<TrackerProtocol*(std::string_view scheme)>;

/// A lookup over a fixed list of protocols: the first whose schemes() has the scheme. The
/// protocols must outlive the lookup.
[[nodiscard]] ProtocolLookup lookup_in(std::vector<TrackerProtocol*> protocols);

/// Dispatches requests by URL scheme. Cheap to copy; the protocols it finds must outlive
/// the requests.
class TrackerClient {
 public:
  explicit TrackerClient(ProtocolLookup lookup) : lookup_(std::move(lookup)) {}

  /// The protocol for `url`'s scheme (compared case-insensitively), or errc::bad_url /
  /// errc::unsupported_scheme.
  [[nodiscard]] TrackerResult<TrackerProtocol*> protocol_for(std::string_view url) const;

  /// TrackerProtocol::announce of the URL's protocol.
  Task<TrackerResult<AnnounceResponse>> announce(std::string url, AnnounceRequest request) const;
  /// TrackerProtocol::scrape of the URL's protocol (too many hashes:
  /// errc::too_many_info_hashes, checked here for every protocol).
  Task<TrackerResult<ScrapeResponse>> scrape(std::string url,
                                             std::vector<metainfo::InfoHash> info_hashes) const;

 private:
  ProtocolLookup lookup_;
};

}  // namespace corrent::tracker
