#pragma once
// The HTTP(S) tracker protocol: builds the request URL, GETs it with the core's HTTP
// client, and parses the reply with the plugin's sans-I/O parsers (response.hpp).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/plugins/tracker_http/limits.hpp"
#include "corrent/net/socks5.hpp"
#include "corrent/tracker/limits.hpp"
#include "corrent/tracker/tracker_protocol.hpp"

namespace corrent::tracker_http {

/// What register.cpp reads from the "tracker_http" section.
struct HttpTrackerSettings {
  std::chrono::milliseconds receive_timeout = tracker::kReceiveTimeout;
  std::chrono::milliseconds total_timeout = kTotalTimeout;
  std::size_t max_response_bytes = kMaxResponseSize;
  std::uint32_t max_redirects = kMaxRedirects;
  bool verify_tls = true;
  std::string user_agent = "corrent";
  /// Announces and scrapes go through this SOCKS5 proxy when set.
  std::optional<net::ProxySettings> proxy;
};

class HttpTracker final : public tracker::TrackerProtocol {
 public:
  HttpTracker(asio::any_io_executor executor, HttpTrackerSettings settings)
      : executor_(std::move(executor)), settings_(std::move(settings)) {}

  [[nodiscard]] std::vector<std::string> schemes() const override { return {"http", "https"}; }
  Task<tracker::TrackerResult<tracker::AnnounceResponse>> announce(
      std::string url, tracker::AnnounceRequest request) override;
  Task<tracker::TrackerResult<tracker::ScrapeResponse>> scrape(
      std::string url, std::vector<metainfo::InfoHash> info_hashes) override;

 private:
  /// GETs `url`: the body of a 200 reply, or the error (non-200 replies are read for a
  /// "failure reason" first).
  Task<tracker::TrackerResult<std::string>> fetch(std::string url);

  asio::any_io_executor executor_;
  HttpTrackerSettings settings_;
};

}  // namespace corrent::tracker_http
