#pragma once
// What a torrent is doing: the snapshot Session::status() and SessionView::status() report.

#include <cstdint>
#include <string>
#include <system_error>

#include "corrent/discovery/discovery_context.hpp"
#include "corrent/events/torrent_state.hpp"
#include "corrent/metainfo/info_hash.hpp"

namespace corrent {

/// A snapshot of one torrent's progress and counters.
struct TorrentStatus {
  metainfo::InfoHash info_hash;
  std::string name;
  TorrentState state = TorrentState::checking;
  std::uint32_t pieces_have = 0;
  std::uint32_t pieces_total = 0;
  std::uint64_t wanted_total = 0;  ///< bytes of the pieces we want (all, unless files are skipped)
  std::uint64_t wanted_done = 0;   ///< of those, bytes verified on disk
  double check_progress = 0;       ///< 0..1 while checking
  std::uint64_t download_rate = 0;  ///< payload bytes per second
  std::uint64_t upload_rate = 0;
  std::uint64_t downloaded = 0;  ///< payload bytes received this session
  std::uint64_t uploaded = 0;    ///< payload bytes sent this session
  std::uint64_t wasted = 0;      ///< received and thrown away (failed hash, duplicates)
  std::uint32_t peers = 0;       ///< connected
  std::uint32_t seeds = 0;       ///< connected peers that have every piece
  bool finished = false;         ///< every wanted piece verified
  std::error_code error;         ///< why, when `state` is failed (also said by TorrentError)
  std::string error_detail;      ///< what failed: the path, the piece
  /// The ports the torrent announces (trackers, the DHT): the session's listen ports, TCP
  /// and UDP, with the external ones once a port mapper mapped them.
  ListenPorts ports;
};

}  // namespace corrent
