#include "corrent/events/torrent_state.hpp"

namespace corrent {

std::string_view to_string(TorrentState state) noexcept {
  switch (state) {
    case TorrentState::fetching_metadata: return "fetching_metadata";
    case TorrentState::checking: return "checking";
    case TorrentState::downloading: return "downloading";
    case TorrentState::seeding: return "seeding";
    case TorrentState::paused: return "paused";
    case TorrentState::failed: return "failed";
  }
  return "unknown";
}

}  // namespace corrent
