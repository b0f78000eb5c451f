#include "check_runner.hpp"

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <asio/this_coro.hpp>

#include "check_steps.hpp"
#include "corrent/core/peer_id.hpp"
#include "corrent/crypto/random.hpp"
#include "corrent/net/task_group.hpp"
#include "tracker_runtime.hpp"

namespace corrent::tracker_cli {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

std::string udp_url(const HostPort& target) { return "udp://" + target.to_string(); }

std::int64_t ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

/// One check's report: what it checks ("target" and URLs) and its steps, in order.
struct CheckReport {
  Json head = Json::object();
  Json steps = Json::array();
  bool ok = true;
  std::int64_t duration_ms = 0;

  [[nodiscard]] Json to_json() const {
    Json out = head;
    out["ok"] = ok;
    out["duration_ms"] = duration_ms;
    out["steps"] = steps;
    return out;
  }
};

using Reports = std::vector<CheckReport>;

/// A step to run: its name and how to start it.
struct Step {
  std::string name;
  std::function<Task<StepOutcome>()> start;
};

// Runs `steps` in order within `deadline`, recording each in (*reports)[index]; after a
// failure the rest are recorded as skipped. Returns whether all passed.
Task<bool> run_steps(std::shared_ptr<Reports> reports, std::size_t index, std::vector<Step> steps,
                     Clock::time_point deadline) {
  const auto check_start = Clock::now();
  std::string failed;
  for (auto& step : steps) {
    Json entry = {{"step", step.name}};
    if (!failed.empty()) {
      entry.update({{"ok", false}, {"skipped", true}, {"error", "skipped: " + failed + " failed"}, {"duration_ms", 0}});
      (*reports)[index].steps.push_back(std::move(entry));
      continue;
    }
    const auto start = Clock::now();
    const auto left = deadline - start;
    std::optional<StepOutcome> outcome;
    if (left > Clock::duration::zero()) outcome = co_await with_timeout(step.start(), left);
    if (!outcome) outcome = StepOutcome::fail("timed out: the check's time limit ran out");
    entry.update({{"ok", outcome->ok}, {"duration_ms", ms_since(start)}});
    if (!outcome->ok) {
      entry["error"] = outcome->error;
      failed = step.name;
    }
    entry.update(outcome->details);
    auto& report = (*reports)[index];  // looked up again after the suspension
    report.steps.push_back(std::move(entry));
    report.ok = report.ok && outcome->ok;
  }
  (*reports)[index].duration_ms = ms_since(check_start);
  co_return failed.empty();
}

tracker::AnnounceRequest check_request(const CheckSettings& settings, tracker::AnnounceEvent event) {
  tracker::AnnounceRequest request;
  request.info_hash = settings.info_hash;
  request.peer_id = make_peer_id();
  request.port = settings.port;
  request.left = 0;
  request.event = event;
  request.key = crypto::random_below(0xFFFFFFFFu);
  return request;
}

// The announce and scrape steps, then an unreported "stopped" so no peer is left behind.
Task<void> announce_and_scrape(std::shared_ptr<Reports> reports, std::size_t index, std::vector<Step> steps,
                               tracker::TrackerClient client, std::string url, CheckSettings settings,
                               Clock::time_point deadline) {
  auto request = check_request(settings, tracker::AnnounceEvent::started);
  // Trackers tell peers apart by address and port: concurrent checks of one tracker from
  // this host must announce different ports, or one check's "stopped" removes the other.
  request.port = static_cast<std::uint16_t>((settings.port + index) % 65536);
  if (request.port == 0) request.port = 1;
  const std::string hint = refusal_hint(settings.info_hash_given, settings.info_hash);
  steps.push_back({"announce", [=] { return announce_step(client, url, request, hint); }});
  steps.push_back({"scrape", [=] { return scrape_step(client, url, settings.info_hash); }});
  co_await run_steps(reports, index, std::move(steps), deadline);
  const auto& done = (*reports)[index].steps;
  const bool announced = std::any_of(done.begin(), done.end(),
                                     [](const Json& s) { return s["step"] == "announce" && s["ok"] == true; });
  const auto left = deadline - Clock::now();
  if (!announced || left <= Clock::duration::zero()) co_return;
  request.event = tracker::AnnounceEvent::stopped;
  (void)co_await with_timeout(client.announce(url, request), left);
}

Task<void> check_udp(std::shared_ptr<Reports> reports, std::size_t index, HostPort target,
                     tracker::TrackerClient client, CheckSettings settings) {
  const auto deadline = Clock::now() + settings.timeout;
  auto endpoint = std::make_shared<asio::ip::udp::endpoint>();
  std::vector<Step> steps = {{"setup", [=] { return resolve_udp_step(target, *endpoint); }},
                             {"connect", [=] { return udp_connect_step(*endpoint); }}};
  const std::string url = udp_url(target);  // named: no temporary string across the co_await
  co_await announce_and_scrape(reports, index, std::move(steps), client, url, settings, deadline);
}

Task<void> check_http(std::shared_ptr<Reports> reports, std::size_t index, HttpTrackerUrls urls,
                      tracker::TrackerClient client, CheckSettings settings) {
  const auto deadline = Clock::now() + settings.timeout;
  co_await announce_and_scrape(reports, index, {}, client, urls.announce, settings, deadline);
}

Task<void> check_health(std::shared_ptr<Reports> reports, std::size_t index, std::string url,
                        CheckSettings settings) {
  const auto deadline = Clock::now() + settings.timeout;
  std::vector<Step> steps = {{"get", [=] { return health_step(url, settings.timeout); }}};
  co_await run_steps(reports, index, std::move(steps), deadline);
}

Json section(const Reports& reports, std::size_t from, std::size_t count) {
  Json out = Json::array();
  for (std::size_t i = from; i < from + count; ++i) out.push_back(reports[i].to_json());
  return out;
}

}  // namespace

Task<Json> run_checks(tracker::TrackerClient client, CheckConfig config, CheckSettings settings) {
  const auto start = Clock::now();
  const std::size_t udp = config.udp_trackers.size();
  const std::size_t http = config.http_trackers.size();
  const std::size_t health = config.health_checks.size();
  auto reports = std::make_shared<Reports>(udp + http + health);
  net::TaskGroup group(co_await asio::this_coro::executor);
  for (std::size_t i = 0; i < udp; ++i) {
    const auto& target = config.udp_trackers[i];
    (*reports)[i].head = {{"target", target.entry}, {"url", udp_url(target.address)}};
    group.spawn(check_udp(reports, i, target.address, client, settings));
  }
  for (std::size_t i = 0; i < http; ++i) {
    const auto urls = http_tracker_urls(config.http_trackers[i]);
    (*reports)[udp + i].head = {{"target", config.http_trackers[i]},
                                {"announce_url", urls.announce},
                                {"scrape_url", urls.scrape.empty() ? Json(nullptr) : Json(urls.scrape)}};
    group.spawn(check_http(reports, udp + i, urls, client, settings));
  }
  for (std::size_t i = 0; i < health; ++i) {
    (*reports)[udp + http + i].head = {{"target", config.health_checks[i]}};
    group.spawn(check_health(reports, udp + http + i, config.health_checks[i], settings));
  }
  co_await group.wait();
  bool ok = true;
  for (const auto& report : *reports) ok = ok && report.ok;
  co_return Json{{"ok", ok},
                 {"info_hash", settings.info_hash.hex()},
                 {"timeout_ms", settings.timeout.count()},
                 {"duration_ms", ms_since(start)},
                 {"udp_trackers", section(*reports, 0, udp)},
                 {"http_trackers", section(*reports, udp, http)},
                 {"health_checks", section(*reports, udp + http, health)}};
}

}  // namespace corrent::tracker_cli
