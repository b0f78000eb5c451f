#include "corrent/tracker/tracker_client.hpp"

#include <algorithm>
#include <cctype>

#include "corrent/tracker/errc.hpp"
#include "corrent/tracker/limits.hpp"

namespace corrent::tracker {
namespace {

// The lower-cased scheme of `url`, or "" when it has none.
std::string scheme_of(std::string_view url) {
  const auto colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0) return {};
  std::string scheme(url.substr(0, colon));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return scheme;
}

}  // namespace

ProtocolLookup lookup_in(std::vector<TrackerProtocol*> protocols) {
  return [protocols = std::move(protocols)](std::string_view scheme) -> TrackerProtocol* {
    for (auto* protocol : protocols) {
      for (const auto& s : protocol->schemes()) {
        if (s == scheme) return protocol;
      }
    }
    return nullptr;
  };
}

TrackerResult<TrackerProtocol*> TrackerClient::protocol_for(std::string_view url) const {
  const std::string scheme = scheme_of(url);
  if (scheme.empty()) return tracker_fail(errc::bad_url, std::string(url));
  TrackerProtocol* protocol = lookup_ ? lookup_(scheme) : nullptr;
  if (protocol == nullptr) return tracker_fail(errc::unsupported_scheme, scheme);
  return protocol;
}

Task<TrackerResult<AnnounceResponse>> TrackerClient::announce(std::string url,
                                                              AnnounceRequest request) const {
  CORRENT_CO_TRY(TrackerProtocol* protocol, protocol_for(url));
  co_return co_await protocol->announce(std::move(url), std::move(request));
}

Task<TrackerResult<ScrapeResponse>> TrackerClient::scrape(
    std::string url, std::vector<metainfo::InfoHash> info_hashes) const {
  if (info_hashes.size() > kMaxScrapeInfoHashes) {
    co_return tracker_fail(errc::too_many_info_hashes, std::to_string(info_hashes.size()));
  }
  CORRENT_CO_TRY(TrackerProtocol* protocol, protocol_for(url));
  co_return co_await protocol->scrape(std::move(url), std::move(info_hashes));
}

}  // namespace corrent::tracker
