#pragma once
// StandardTrackers: the standard tracker protocols (tracker_http, HTTP and HTTPS; and
// tracker_udp, BEP 15) built and ready in one call, with a TrackerClient over them: what
// rbit's `TrackerClient::new()` gives, for a program that talks to trackers without a
// session.
//
//   auto trackers = corrent::plugins::StandardTrackers::create(io.get_executor());
//   if (!trackers) ...;                                     // a bad configuration
//   auto reply = co_await (*trackers)->client().announce(url, request);
//   auto udp = (*trackers)->open("udp://127.0.0.1:6969");  // one tracker, its id kept
//   ...
//   co_await (*trackers)->stop();                           // before destroying it

#include <memory>
#include <string>

#include <asio/any_io_executor.hpp>

#include "corrent/core/task.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/registry/registry.hpp"
#include "corrent/tracker/tracker_client.hpp"
#include "corrent/tracker/tracker_handle.hpp"

namespace corrent::plugins {

class StandardTrackers {
 public:
  /// Registers tracker_http and tracker_udp and builds them on `executor` with `config`
  /// (their sections "tracker_http" and "tracker_udp"; empty: the defaults). The error
  /// names the plugin and the setting that is wrong.
  [[nodiscard]] static PluginResult<std::unique_ptr<StandardTrackers>> create(asio::any_io_executor executor,
                                                                           const Config& config = {});

  ~StandardTrackers();
  StandardTrackers(const StandardTrackers&) = delete;
  StandardTrackers& operator=(const StandardTrackers&) = delete;

  /// Announces and scrapes any http://, https:// or udp:// URL. Valid while this lives.
  [[nodiscard]] const tracker::TrackerClient& client() const { return client_; }
  /// One tracker by URL (rbit's HttpTracker::new / UdpTracker::connect).
  [[nodiscard]] tracker::TrackerResult<tracker::TrackerHandle> open(std::string url) const {
    return tracker::TrackerHandle::open(client_, std::move(url));
  }
  /// Stops the protocols (their sockets, pending requests); await it before destroying.
  Task<void> stop() { return plugins_.stop(); }

 private:
  StandardTrackers() = default;

  Registry registry_;
  PluginSet plugins_;  // after registry_: destroyed before it
  tracker::TrackerClient client_{nullptr};
};

}  // namespace corrent::plugins
