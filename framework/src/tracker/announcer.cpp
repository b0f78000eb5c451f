#include "corrent/tracker/announcer.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/this_coro.hpp>

#include "corrent/tracker/errc.hpp"

namespace corrent::tracker {
namespace {

using namespace asio::experimental::awaitable_operators;

Task<bool> cancelled() {
  const auto state = co_await asio::this_coro::cancellation_state;
  co_return state.cancelled() != asio::cancellation_type::none;
}

// "no answer within 15 s" (or "0.2 s"): the detail of an attempt that ran out of time.
std::string no_answer_within(std::chrono::milliseconds limit) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%g", static_cast<double>(limit.count()) / 1000.0);
  return std::string("no answer within ") + seconds + " s";
}

}  // namespace

Announcer::Announcer(asio::any_io_executor executor, TrackerList trackers, TrackerClient client,
                     AnnouncerSettings settings)
    : executor_(std::move(executor)),
      trackers_(std::move(trackers)),
      client_(std::move(client)),
      settings_(settings),
      wake_timer_(executor_) {}

void Announcer::see_completed(const DiscoveryContext& torrent) {
  if (completed_seen_ || torrent.event() != DiscoveryEvent::completed) return;
  completed_seen_ = true;
  completed_pending_ = true;
}

void Announcer::announce_now() {
  announce_pending_ = true;
  wake();
}

void Announcer::wake() { wake_timer_.cancel(); }

AnnounceRequest Announcer::make_request(const DiscoveryContext& torrent, AnnounceEvent event,
                                        const std::string& url) const {
  AnnounceRequest request;
  const auto info_hash = torrent.info_hash();
  std::memcpy(request.info_hash.bytes.data(), info_hash.data(), info_hash.size());
  request.peer_id = settings_.peer_id;
  request.port = torrent.ports().announced_tcp();
  request.key = settings_.key;
  request.numwant = event == AnnounceEvent::stopped ? std::optional<std::uint32_t>(0) : settings_.numwant;
  request.event = event;
  const TransferTotals stats = torrent.totals();
  request.uploaded = stats.uploaded;
  request.downloaded = stats.downloaded;
  request.left = stats.left;
  for (const auto& [tracker, id] : tracker_ids_) {
    if (tracker == url) request.tracker_id = id;
  }
  return request;
}

std::chrono::milliseconds Announcer::regular_wait(const AnnounceResponse& response) const {
  std::chrono::milliseconds wait = std::min<std::chrono::milliseconds>(
      response.interval, settings_.max_announce_interval);
  wait = std::max(wait, settings_.min_announce_interval);
  if (response.min_interval) wait = std::max<std::chrono::milliseconds>(wait, *response.min_interval);
  return wait;
}

void Announcer::report(const std::string& url, AnnounceEvent event,
                       const TrackerResult<AnnounceResponse>& result, std::string next,
                       std::chrono::milliseconds retry_in) const {
  if (observer_) observer_(AnnounceOutcome{url, event, result, std::move(next), retry_in});
}

Task<TrackerResult<AnnounceResponse>> Announcer::attempt(std::string url, AnnounceRequest request) {
  Timer timer(executor_, settings_.attempt_timeout);
  auto result = co_await (client_.announce(std::move(url), std::move(request)) || timer.async_wait(use_nothrow));
  if (result.index() == 0) co_return std::move(std::get<0>(result));
  co_return tracker_fail(errc::timed_out, no_answer_within(settings_.attempt_timeout));
}

Task<bool> Announcer::sleep_until(DiscoveryContext& torrent, Clock::time_point when) {
  wake_timer_.expires_at(when);
  // The torrent's "completed" wakes us too (as does announce_now(), through the timer).
  const auto seen = torrent.event();
  auto event_change = torrent.next_event(seen);  // named: GCC 12 and co_await temporaries
  (void)co_await (wake_timer_.async_wait(use_nothrow) || std::move(event_change));
  const bool stopped = co_await cancelled();
  co_return !stopped;
}

Task<std::optional<Announcer::Answer>> Announcer::announce_once(DiscoveryContext& torrent,
                                                                AnnounceEvent event) {
  // BEP 12: down the list until one tracker answers; failures back off (TrackerList).
  while (auto url = trackers_.next(Clock::now())) {
    auto request = make_request(torrent, event, *url);
    auto result = co_await attempt(*url, std::move(request));
    if (co_await cancelled()) co_return std::nullopt;  // not the tracker's fault
    if (!result) {
      const auto now = Clock::now();
      trackers_.on_failure(*url, now, result.error().code == errc::tracker_gone);
      const TrackerList::Entry* entry = trackers_.find(*url);
      const auto retry_in = entry == nullptr || entry->gone
                                ? std::chrono::milliseconds{0}
                                : std::chrono::duration_cast<std::chrono::milliseconds>(entry->retry_at - now);
      report(*url, event, result, trackers_.next(now).value_or(std::string()), retry_in);
      continue;
    }
    report(*url, event, result);
    trackers_.on_success(*url);
    if (result->tracker_id) {
      std::erase_if(tracker_ids_, [&](const auto& entry) { return entry.first == *url; });
      tracker_ids_.emplace_back(*url, *result->tracker_id);
    }
    if (!result->peers.empty()) torrent.peers().on_peers(torrent.info_hash(), net::any_transport(result->peers));
    if (result->external_ip) torrent.report_external_address(*result->external_ip, *url);  // BEP 24, a hint
    co_return Answer{std::move(*url), std::move(*result)};
  }
  co_return std::nullopt;
}

Task<void> Announcer::send_final(DiscoveryContext& torrent, std::string url, AnnounceEvent event) {
  Timer timer(executor_, settings_.stop_timeout);
  auto request = make_request(torrent, event, url);
  auto result = co_await (client_.announce(url, std::move(request)) || timer.async_wait(use_nothrow));
  if (result.index() == 0) {
    report(url, event, std::get<0>(result));
  } else {
    report(url, event, tracker_fail(errc::timed_out, "stop timeout"));
  }
}

Task<Result<void>> Announcer::run(DiscoveryContext& torrent) {
  if (trackers_.urls().empty()) co_return fail(errc::no_trackers);
  // Cancellation is how run() is told to stop: it must not throw, and it must still let
  // the "stopped" announce through afterwards (reset below).
  const bool threw = co_await asio::this_coro::throw_if_cancelled();
  co_await asio::this_coro::throw_if_cancelled(false);
  std::optional<std::string> last_ok;  // the tracker that last answered
  bool started = false;
  Clock::time_point next_regular = Clock::now();
  Clock::time_point earliest = Clock::now();  // the tracker's min interval
  Result<void> outcome;
  while (!(co_await cancelled())) {
    const auto now = Clock::now();
    see_completed(torrent);
    AnnounceEvent event = AnnounceEvent::none;
    if (!started) {
      event = AnnounceEvent::started;
    } else if (completed_pending_) {
      event = AnnounceEvent::completed;
    } else if (!(now >= next_regular || (announce_pending_ && now >= earliest))) {
      co_await sleep_until(torrent, announce_pending_ ? std::min(next_regular, earliest) : next_regular);
      continue;
    }
    auto answer = co_await announce_once(torrent, event);
    if (!answer) {
      if (co_await cancelled()) break;
      const auto retry = trackers_.next_retry(Clock::now());
      if (!retry) {  // no tracker left that is not gone
        outcome = fail(errc::no_trackers);
        break;
      }
      co_await sleep_until(torrent, *retry);
      continue;
    }
    last_ok = answer->url;
    started = true;
    if (event == AnnounceEvent::completed) completed_pending_ = false;
    announce_pending_ = false;
    const auto after = Clock::now();
    next_regular = after + regular_wait(answer->response);
    earliest = after + std::max<std::chrono::milliseconds>(
                           settings_.min_announce_interval,
                           answer->response.min_interval.value_or(std::chrono::seconds{0}));
  }
  if (started && last_ok) {
    co_await asio::this_coro::reset_cancellation_state();
    // A download that finished just before the stop still tells the tracker (BEP 3: a
    // "completed" is sent once the download completes), then says "stopped".
    see_completed(torrent);
    if (completed_pending_) {
      co_await send_final(torrent, *last_ok, AnnounceEvent::completed);
      completed_pending_ = false;
    }
    co_await send_final(torrent, *last_ok, AnnounceEvent::stopped);
  }
  co_await asio::this_coro::throw_if_cancelled(threw);
  co_return outcome;
}

}  // namespace corrent::tracker
