#pragma once
// The announce scheduler of one torrent: a Discovery built from the torrent's TrackerList
// and the registered tracker protocols (through a TrackerClient).
//
// run(torrent) announces "started" to the first tracker of the list that answers, then a
// regular announce every `interval` the tracker asked for (never sooner than its
// "min interval" nor than AnnouncerSettings::min_announce_interval), "completed" as soon
// as the torrent's DiscoveryEvent becomes completed, and, when cancelled, "stopped" to the
// tracker that last answered (preceded by "completed" if that was still pending), each
// bounded by AnnouncerSettings::stop_timeout. The port (the external one once a port
// mapper mapped it), the transfer totals and the event are read from the torrent's
// DiscoveryContext just before each announce. Every announce goes to
// TrackerList::next() (BEP 12: tiers in order, one tracker at a time, as libtorrent does
// with announce_to_all_tiers off) and is bounded by AnnouncerSettings::attempt_timeout: a
// failure (or no answer in time) backs that tracker off and the next one is tried at once;
// when every tracker is backing off, run() sleeps until the first may be asked again.
// Every outcome, failures included, goes to the observer; peers of every answer go to the
// context's PeerSink.
//
//   tracker::Announcer announcer{executor, tracker::TrackerList{tiers, random},
//                                tracker::TrackerClient{lookup}, settings};
//   co_await announcer.run(torrent);   // until cancelled

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <asio/any_io_executor.hpp>
#include "corrent/core/clock.hpp"

#include "corrent/core/peer_id.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/discovery/discovery.hpp"
#include "corrent/tracker/announce.hpp"
#include "corrent/tracker/limits.hpp"
#include "corrent/tracker/tracker_client.hpp"
#include "corrent/tracker/tracker_error.hpp"
#include "corrent/tracker/tracker_list.hpp"

namespace corrent::tracker {

/// What the Announcer sends, and its timing.
struct AnnouncerSettings {
  PeerId peer_id;
  /// AnnounceRequest::key: fixed for the session.
  std::uint32_t key = 0;
  std::optional<std::uint32_t> numwant;
  /// Fewest milliseconds between two regular announces, whatever the tracker says.
  std::chrono::milliseconds min_announce_interval = kMinAnnounceInterval;
  /// Most milliseconds between two regular announces, whatever the tracker says (the
  /// tracker's interval is already clamped to kMaxInterval; tests set a short value).
  std::chrono::milliseconds max_announce_interval = kMaxInterval;
  /// Longest the "stopped" announce may take once run() is cancelled.
  std::chrono::milliseconds stop_timeout = kStopTimeout;
  /// Longest one announce to one tracker may take; past it the tracker has failed
  /// (errc::timed_out) and the next one is asked.
  std::chrono::milliseconds attempt_timeout = kAnnounceAttemptTimeout;
};

/// One finished announce, for observers (events, logs, tests).
struct AnnounceOutcome {
  std::string url;
  AnnounceEvent event = AnnounceEvent::none;
  TrackerResult<AnnounceResponse> result;
  /// After a failure: the tracker asked next, at once (empty when every other one is
  /// backing off or gone, or after a success).
  std::string next;
  /// After a failure: how long this tracker is now left alone (zero after a success, or
  /// for a tracker that is gone).
  std::chrono::milliseconds retry_in{0};
};

/// Announces one torrent to its trackers until cancelled. Lives on one executor; every
/// member function must be called there.
class Announcer final : public Discovery {
 public:
  using Observer = std::function<void(const AnnounceOutcome&)>;

  Announcer(asio::any_io_executor executor, TrackerList trackers, TrackerClient client,
            AnnouncerSettings settings);

  /// Trackers may be used for private torrents (BEP 27).
  [[nodiscard]] bool allowed_for_private() const override { return true; }

  /// Announces `torrent` until cancelled, pushing peers into `torrent.peers()`; then sends
  /// "stopped" (bounded by stop_timeout) and returns {}. Returns errc::no_trackers at once
  /// for an empty list, or when every tracker is gone. Call it once at a time.
  Task<Result<void>> run(DiscoveryContext& torrent) override;

  /// Announce as soon as the tracker's min interval allows (a user's "reannounce").
  void announce_now();

  /// Called after every announce, on the executor.
  void set_observer(Observer observer) { observer_ = std::move(observer); }
  /// The trackers and their state.
  [[nodiscard]] const TrackerList& trackers() const { return trackers_; }

 private:
  struct Answer {
    std::string url;
    AnnounceResponse response;
  };
  Task<std::optional<Answer>> announce_once(DiscoveryContext& torrent, AnnounceEvent event);
  /// One announce to `url`, bounded by attempt_timeout.
  Task<TrackerResult<AnnounceResponse>> attempt(std::string url, AnnounceRequest request);
  /// The announce of a stopping run() ("completed" still pending, "stopped"), each bounded
  /// by stop_timeout.
  Task<void> send_final(DiscoveryContext& torrent, std::string url, AnnounceEvent event);
  [[nodiscard]] AnnounceRequest make_request(const DiscoveryContext& torrent, AnnounceEvent event,
                                             const std::string& url) const;
  /// Notes a "completed" the torrent reached that is not yet announced.
  void see_completed(const DiscoveryContext& torrent);
  [[nodiscard]] std::chrono::milliseconds regular_wait(const AnnounceResponse& response) const;
  /// Sleeps until `when`, announce_now(), or the torrent's event changing; false if
  /// cancelled.
  Task<bool> sleep_until(DiscoveryContext& torrent, Clock::time_point when);
  void report(const std::string& url, AnnounceEvent event,
              const TrackerResult<AnnounceResponse>& result, std::string next = {},
              std::chrono::milliseconds retry_in = {}) const;
  void wake();

  asio::any_io_executor executor_;
  TrackerList trackers_;
  TrackerClient client_;
  AnnouncerSettings settings_;
  Observer observer_;
  Timer wake_timer_;
  std::vector<std::pair<std::string, std::string>> tracker_ids_;  // url -> "tracker id"
  bool completed_seen_ = false;     // the torrent's "completed" was noted (once per run)
  bool completed_pending_ = false;  // ... and not yet announced
  bool announce_pending_ = false;
};

}  // namespace corrent::tracker
