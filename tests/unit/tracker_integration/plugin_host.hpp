#pragma once
// The two tracker plugins built the way a program without a session builds them
// (plugins::StandardTrackers) on a test's io_context, with short timeouts so that failures
// come fast.

#include <chrono>
#include <memory>
#include <string>

#include <asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include "corrent/plugin/config.hpp"
#include "corrent/plugins/standard_trackers.hpp"
#include "corrent/tracker/tracker_client.hpp"
#include "support/run_coro.hpp"

namespace corrent::test {

/// Timeouts of the plugins in these tests: HTTP waits at most kHttpTimeout in all; UDP
/// sends twice, waiting 500 ms then 1 s, so it gives up after kUdpTimeout.
inline constexpr std::chrono::milliseconds kHttpTimeout{1500};
inline constexpr std::chrono::milliseconds kUdpTimeout{1500};
/// Slack for a test's own scheduling on a loaded machine.
inline constexpr std::chrono::milliseconds kTimeoutMargin{1500};

inline constexpr const char* kShortTimeouts = R"({
  "tracker_http": {"receive_timeout_ms": 1500, "total_timeout_ms": 1500},
  "tracker_udp": {"retransmit_base_ms": 500, "max_retransmits": 1}
})";

/// The standard tracker protocols in one call (plugins::StandardTrackers, rbit's
/// `TrackerClient::new()`), with the short timeouts above.
class PluginHost {
 public:
  explicit PluginHost(std::string config_json = kShortTimeouts) {
    auto config = Config::parse(config_json);
    BOOST_REQUIRE_MESSAGE(config, "test config does not parse");
    auto built = plugins::StandardTrackers::create(io.get_executor(), *config);
    BOOST_REQUIRE_MESSAGE(built, (built ? std::string() : built.error().message()));
    trackers_ = std::move(*built);
  }
  ~PluginHost() { run_coro(io, trackers_->stop()); }
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  /// A client that finds the protocol by scheme, as corrent-tracker's does.
  [[nodiscard]] tracker::TrackerClient client() const { return trackers_->client(); }
  [[nodiscard]] const plugins::StandardTrackers& trackers() const { return *trackers_; }

  asio::io_context io;

 private:
  std::unique_ptr<plugins::StandardTrackers> trackers_;
};

}  // namespace corrent::test
