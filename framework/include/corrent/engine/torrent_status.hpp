#pragma once
// STAND-IN (worker "cli"): declarations from /work/engine-plan.md, replaced by the lead's
// engine at merge. A torrent's state and status, apart from session.hpp so that the Stats
// event (events/event.hpp) can carry a TorrentStatus without an include cycle.

#include <cstdint>
#include <string>

#include "corrent/metainfo/info_hash.hpp"

namespace corrent::engine {

enum class TorrentState { checking, downloading, seeding, paused, failed };

/// A snapshot of one torrent, for progress displays.
struct TorrentStatus {
  metainfo::InfoHash info_hash;
  std::string name;
  TorrentState state = TorrentState::checking;
  std::uint32_t pieces_have = 0, pieces_total = 0;
  std::uint64_t wanted_total = 0, wanted_done = 0;
  double check_progress = 0;
  std::uint64_t download_rate = 0, upload_rate = 0;     ///< bytes/s, payload
  std::uint64_t downloaded = 0, uploaded = 0, wasted = 0;  ///< payload bytes this session (+ resume totals)
  std::uint32_t peers = 0;
  std::uint32_t seeds = 0;
  bool finished = false;
};

}  // namespace corrent::engine
