#include "http_tracker.hpp"

#include "corrent/net/http/errc.hpp"
#include "corrent/net/http/http_client.hpp"
#include "corrent/plugins/tracker_http/announce_url.hpp"
#include "corrent/plugins/tracker_http/response.hpp"
#include "corrent/tracker/errc.hpp"

namespace corrent::tracker_http {
namespace {

namespace http = net::http;
using tracker::errc;
using tracker::tracker_fail;
using tracker::TrackerError;

// A transport error, in tracker terms where one exists.
TrackerError from_http_error(std::error_code code, const std::string& url) {
  // The detail names the tracker, not the whole request: the query is long and binary.
  const std::string where = url.substr(0, url.find('?'));
  if (code == http::errc::body_too_large) return {errc::response_too_large, where};
  if (code == http::errc::timed_out) return {errc::timed_out, where};
  return {code, where};
}

// The error of a non-200 reply: the tracker's failure reason if the body has one (some
// trackers send it with 400), else the status.
TrackerError from_status(const http::HttpResponse& response) {
  const std::string status = "HTTP " + std::to_string(response.status) + " " + response.reason;
  if (response.status == 410) return {errc::tracker_gone, status};
  auto parsed = parse_announce_response(response.body);
  if (!parsed && parsed.error().code == errc::tracker_failure) return parsed.error();
  return {errc::http_error, status};
}

}  // namespace

Task<tracker::TrackerResult<std::string>> HttpTracker::fetch(std::string url) {
  http::HttpOptions options;
  options.receive_timeout = settings_.receive_timeout;
  options.total_timeout = settings_.total_timeout;
  options.max_body_bytes = settings_.max_response_bytes;
  options.max_redirects = settings_.max_redirects;
  options.verify_tls = settings_.verify_tls;
  options.user_agent = settings_.user_agent;
  options.proxy = settings_.proxy;
  auto response = co_await http::http_get(executor_, url, std::move(options));
  if (!response) co_return tl::make_unexpected(from_http_error(response.error(), url));
  if (response->status != 200) co_return tl::make_unexpected(from_status(*response));
  co_return std::move(response->body);
}

Task<tracker::TrackerResult<tracker::AnnounceResponse>> HttpTracker::announce(
    std::string url, tracker::AnnounceRequest request) {
  CORRENT_CO_TRY(const std::string body, co_await fetch(build_announce_url(url, request)));
  co_return parse_announce_response(body);
}

Task<tracker::TrackerResult<tracker::ScrapeResponse>> HttpTracker::scrape(
    std::string url, std::vector<metainfo::InfoHash> info_hashes) {
  if (info_hashes.size() > tracker::kMaxScrapeInfoHashes) {
    co_return tracker_fail(errc::too_many_info_hashes, std::to_string(info_hashes.size()));
  }
  const auto scrape = scrape_url(url);
  if (!scrape) co_return tracker_fail(errc::no_scrape_url, url);
  CORRENT_CO_TRY(const std::string body, co_await fetch(build_scrape_url(*scrape, info_hashes)));
  co_return parse_scrape_response(body);
}

}  // namespace corrent::tracker_http
