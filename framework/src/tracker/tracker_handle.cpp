#include "corrent/tracker/tracker_handle.hpp"

#include <utility>

namespace corrent::tracker {

TrackerResult<TrackerHandle> TrackerHandle::open(TrackerClient client, std::string url) {
  if (auto protocol = client.protocol_for(url); !protocol) return tl::make_unexpected(protocol.error());
  return TrackerHandle(std::move(client), std::move(url));
}

Task<TrackerResult<AnnounceResponse>> TrackerHandle::announce(AnnounceRequest request) const {
  co_return co_await client_.announce(url_, std::move(request));
}

Task<TrackerResult<ScrapeResponse>> TrackerHandle::scrape(std::vector<metainfo::InfoHash> info_hashes) const {
  co_return co_await client_.scrape(url_, std::move(info_hashes));
}

}  // namespace corrent::tracker
