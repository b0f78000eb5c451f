#pragma once
// TorrentStatus and TorrentState live in the view module (a Service sees them through
// SessionView); the engine's names for them.

#include "corrent/view/torrent_status.hpp"

namespace corrent::engine {

using corrent::TorrentState;
using corrent::TorrentStatus;

}  // namespace corrent::engine
