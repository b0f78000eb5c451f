#pragma once
// corrent-tracker check: every configured tracker and health-check URL checked at once, on
// one io_context, each within its own time limit, and every step's result reported.
//
//   UDP tracker:   setup (resolve HOST:PORT), connect (BEP 15 connect request and reply),
//                  announce, scrape
//   HTTP tracker:  announce, scrape
//   health check:  get (an HTTP GET; a 2xx status passes)
//
// A check stops at its first failing step; the steps it did not run are reported as
// skipped. After a successful announce the tracker is sent a "stopped" announce (not
// reported) so that the check leaves no peer behind.

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>

#include "check_config.hpp"
#include "corrent/core/task.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/tracker/tracker_client.hpp"

namespace corrent::tracker_cli {

/// How the checks run.
struct CheckSettings {
  std::chrono::milliseconds timeout{10'000};  ///< for each check, all its steps together
  metainfo::InfoHash info_hash;               ///< announced and scraped
  std::uint16_t port = 6881;                  ///< the port announced
  bool info_hash_given = false;               ///< from --info-hash, not a random one
};

/// Runs every check of `config` concurrently and returns the report (keys in
/// docs/cli.md): {"ok", "info_hash", "timeout_ms", "duration_ms", "udp_trackers",
/// "http_trackers", "health_checks"}.
Task<nlohmann::json> run_checks(tracker::TrackerClient client, CheckConfig config, CheckSettings settings);

}  // namespace corrent::tracker_cli
