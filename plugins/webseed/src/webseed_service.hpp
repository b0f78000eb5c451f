#pragma once
// WebSeedService: the web seed plugin, a Service. For each torrent of the session whose
// metainfo has web seeds (url-list, BEP 19), it hands the session one WebSeedStream per
// URL (SessionView::adopt_peer), while the torrent downloads. A stream that ends is
// replaced after a back-off (doubling while streams end without a piece), unless it ended
// on a piece with a wrong hash: that URL is banned for that torrent for the service's
// life. Torrents are learnt from session.torrents() at start and from the session's events.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/registry/service.hpp"
#include "piece_fetcher.hpp"
#include "webseed_limits.hpp"
#include "webseed_stream.hpp"

namespace corrent::webseed {

/// Everything the plugin's configuration decides.
struct WebSeedSettings {
  FetchSettings fetch;
  /// First wait before a URL whose stream ended is adopted again; doubles, at most
  /// kMaxReadoptDelay.
  std::chrono::milliseconds readopt_delay = kDefaultReadoptDelay;
};

/// The wait before adopting a URL again after `failures` streams in a row ended without a
/// verified piece (0 after one that fetched some): first, doubled per failure, capped.
[[nodiscard]] std::chrono::milliseconds readopt_delay(std::chrono::milliseconds first, std::uint32_t failures);

class WebSeedService final : public Service {
 public:
  WebSeedService(asio::any_io_executor executor, WebSeedSettings settings);

  Task<Result<void>> run(SessionView& session) override;

  /// The URLs banned for `info_hash` (a piece with a wrong hash), for tests and status.
  [[nodiscard]] std::vector<std::string> banned(const metainfo::InfoHash& info_hash) const;

 private:
  struct UrlState {
    std::shared_ptr<StreamReport> report;  // the adopted stream's, null when none runs
    bool banned = false;
    std::uint32_t failures = 0;
    Clock::time_point next_try{};
  };
  struct TorrentEntry {
    std::shared_ptr<const metainfo::Metainfo> meta;  // once the session has the metadata
    std::map<std::string, UrlState> urls;
  };

  void look(SessionView& session);
  void look_at(SessionView& session, const metainfo::InfoHash& info_hash, TorrentEntry& entry,
               Clock::time_point now);
  void adopt(SessionView& session, TorrentEntry& entry, const std::string& url, UrlState& state);
  void after_end(UrlState& state, Clock::time_point now) const;

  asio::any_io_executor executor_;
  WebSeedSettings settings_;
  std::map<metainfo::InfoHash, TorrentEntry> torrents_;
  std::function<void()> wake_;  // wakes run(); set while it runs
};

}  // namespace corrent::webseed
