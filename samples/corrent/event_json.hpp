#pragma once
// `--json` output of the engine commands: one JSON object per line, each with an "event"
// key. Engine events keep their names in snake_case ("piece_finished"); the client's own
// lines are "listening", "done" and "error" (see docs/cli.md).

#include <nlohmann/json.hpp>

#include <string_view>

#include "corrent/engine/torrent_status.hpp"
#include "corrent/events/event.hpp"

namespace corrent::cli {

/// "checking", "downloading", "seeding", "paused", "failed".
std::string_view state_name(engine::TorrentState state);

/// Every field of a TorrentStatus (info_hash in hex).
nlohmann::json status_json(const engine::TorrentStatus& s);

/// One event as a JSON object: {"event": "<name>", ...its fields}.
nlohmann::json event_json(const events::Event& event);

}  // namespace corrent::cli
