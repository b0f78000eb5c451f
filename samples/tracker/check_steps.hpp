#pragma once
// The steps of corrent-tracker check, each one awaitable and reporting a StepOutcome:
// pass or fail, the error text, and what it found (counts, status). Their time limit is
// applied by the caller (check_runner.cpp), which cancels a step that runs out of time.

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

#include <asio/ip/udp.hpp>

#include "check_config.hpp"
#include "corrent/core/task.hpp"
#include "corrent/tracker/tracker_client.hpp"

namespace corrent::tracker_cli {

/// What one step found.
struct StepOutcome {
  bool ok = false;
  std::string error;  ///< why it failed (empty when ok)
  nlohmann::json details = nlohmann::json::object();

  static StepOutcome pass(nlohmann::json details = nlohmann::json::object()) {
    return {true, {}, std::move(details)};
  }
  static StepOutcome fail(std::string error, nlohmann::json details = nlohmann::json::object()) {
    return {false, std::move(error), std::move(details)};
  }
};

/// Resolves `target` into `out` (the first address). Details: "address".
Task<StepOutcome> resolve_udp_step(HostPort target, asio::ip::udp::endpoint& out);
/// BEP 15 connect: a connect request to `target` (resent every second until an answer)
/// and a valid reply from that address. Details: "connection_id" (16 hex digits).
Task<StepOutcome> udp_connect_step(asio::ip::udp::endpoint target);
/// An announce through the TrackerProtocol of `url`'s scheme. Details: announce_json's
/// counts, with "peers" the number of peers. A refusal (tracker::errc::tracker_failure)
/// gets `hint` after its text.
Task<StepOutcome> announce_step(tracker::TrackerClient client, std::string url, tracker::AnnounceRequest request,
                                std::string hint = {});
/// What to tell a user whose announce was refused: a whitelisting tracker (opentracker,
/// torrust's "listed" mode) refuses every torrent it does not list, a random one included.
[[nodiscard]] std::string refusal_hint(bool info_hash_given, const metainfo::InfoHash& info_hash);
/// A scrape of `hash` at the tracker whose announce URL is `url`. Details: the counts of
/// scrape_entry_json and "listed" (whether the reply had the torrent).
Task<StepOutcome> scrape_step(tracker::TrackerClient client, std::string url, metainfo::InfoHash hash);
/// An HTTP GET of `url`; a 2xx status passes. Details: "status".
Task<StepOutcome> health_step(std::string url, std::chrono::milliseconds timeout);

}  // namespace corrent::tracker_cli
