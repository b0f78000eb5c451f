#pragma once
// What adding a torrent takes: Session::add_torrent and SessionView::add_torrent.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "corrent/metainfo/magnet.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/throttle/rate_limits.hpp"

namespace corrent {

/// One torrent to add: from its metainfo, or from a magnet link (then `metainfo` is
/// ignored, and the info dictionary is fetched from peers with an extension such as
/// ut_metadata before anything else happens).
struct AddTorrentParams {
  metainfo::Metainfo metainfo;
  /// The torrent's files land at save_path / FileEntry::path.
  std::filesystem::path save_path;
  /// One per file (pad files included), 0 = skip the file; empty = every file wanted.
  /// For a magnet link it is checked once the metadata is known.
  std::vector<std::uint8_t> file_priorities;
  /// Pieces in order (for playing while downloading) rather than rarest first.
  bool sequential = false;
  /// Peers to connect to at once, besides what the trackers say.
  std::vector<net::Endpoint> peers;
  /// A magnet link (BEP 9) with a v1 info-hash (metainfo::parse_magnet_or_info_hash reads
  /// a URI or a bare hash): its trackers (tr) are announced to, its
  /// peers (x.pe) connected to, and its file selection (so, BEP 53) becomes the file
  /// priorities unless file_priorities says otherwise.
  std::optional<metainfo::Magnet> magnet;
  /// Seed what is in save_path and nothing else: the storage is opened read-only (no
  /// folder or file is created, nothing written) and no piece is downloaded.
  bool read_only = false;
  /// The picker plugin (a piece order, policy/piece_order.hpp) for this torrent, by name
  /// ("picker_streaming" to play it while it downloads); empty: SessionSettings::picker.
  std::string picker;
  /// This torrent's download and upload limits, bytes per second (unset: only the
  /// session's apply); Session::set_torrent_rate_limits changes them while it runs.
  throttle::RateLimits rate_limits;
};

}  // namespace corrent
