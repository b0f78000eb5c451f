#pragma once
// A scripted TrackerProtocol for Announcer and TrackerClient tests: records every request
// and answers from a per-URL script (or hangs, to test timeouts).

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include "corrent/tracker/errc.hpp"
#include "corrent/tracker/tracker_protocol.hpp"

namespace corrent::test {

class FakeTracker final : public tracker::TrackerProtocol {
 public:
  struct Call {
    std::string url;
    tracker::AnnounceRequest request;
    std::chrono::steady_clock::time_point at;
  };
  /// What a URL answers; a URL without a script answers `fallback`.
  struct Script {
    tracker::TrackerResult<tracker::AnnounceResponse> reply;
    bool hang_on_stopped = false;  // the "stopped" announce never completes
    bool hang = false;             // no announce ever completes (a dead tracker)
    std::chrono::milliseconds delay{0};  // the reply comes after this long
  };

  std::vector<std::string> schemes() const override { return {"fake"}; }

  Task<tracker::TrackerResult<tracker::AnnounceResponse>> announce(
      std::string url, tracker::AnnounceRequest request) override {
    calls.push_back({url, request, std::chrono::steady_clock::now()});
    const auto it = scripts.find(url);
    const Script& script = it == scripts.end() ? fallback : it->second;
    if (script.hang || (script.hang_on_stopped && request.event == tracker::AnnounceEvent::stopped)) {
      asio::steady_timer forever(co_await asio::this_coro::executor, std::chrono::hours(1));
      co_await forever.async_wait(use_nothrow);
      co_return tracker::tracker_fail(tracker::errc::timed_out);
    }
    if (script.delay.count() > 0) {
      asio::steady_timer wait(co_await asio::this_coro::executor, script.delay);
      co_await wait.async_wait(use_nothrow);
    }
    co_return script.reply;
  }

  Task<tracker::TrackerResult<tracker::ScrapeResponse>> scrape(
      std::string url, std::vector<metainfo::InfoHash> hashes) override {
    tracker::ScrapeResponse r;
    for (const auto& h : hashes) r.files.emplace_back(h, tracker::ScrapeEntry{1, 2, 3});
    scraped.push_back(url);
    co_return r;
  }

  /// The events of the calls, in order.
  std::vector<tracker::AnnounceEvent> events() const {
    std::vector<tracker::AnnounceEvent> out;
    for (const auto& c : calls) out.push_back(c.request.event);
    return out;
  }

  std::map<std::string, Script> scripts;
  Script fallback{tracker::AnnounceResponse{}};
  std::vector<Call> calls;
  std::vector<std::string> scraped;
};

}  // namespace corrent::test
