#pragma once
// How a Session behaves, and what adding a torrent takes.

#include <cstddef>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "corrent/engine/limits.hpp"
#include "corrent/engine/session_limits.hpp"
#include "corrent/metainfo/magnet.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/storage/limits.hpp"

namespace corrent::engine {

/// Session-wide settings. Plain values: the CLI maps its flags onto them.
struct SessionSettings {
  /// Where to accept peers, "HOST:PORT" ("[::]:0" is dual stack where the transport can;
  /// port 0 lets the OS choose). Empty: accept nothing (outgoing connections only).
  std::vector<std::string> listen = {"0.0.0.0:6881"};
  /// The transport used for outgoing connections and listening.
  std::string transport = "tcp";
  /// Our "v" in the extension handshake.
  std::string client_name = "corrent";
  /// Threads hashing and doing disk I/O.
  std::size_t disk_threads = storage::kDefaultDiskThreads;
  /// Peers we upload to at once, per torrent (plus one optimistic unchoke).
  std::size_t upload_slots = kDefaultUploadSlots;
  std::size_t max_connections_per_torrent = kMaxConnectionsPerTorrent;
  std::size_t max_half_open = kMaxHalfOpen;
  /// The storage plugin's name.
  std::string storage = "storage_file";
  /// Where resume data is kept; nullopt: storage::default_resume_path's folder (XDG state).
  std::optional<std::filesystem::path> resume_dir;
  /// Write resume data periodically and on stop (and read it on add).
  bool use_resume = true;
  /// The interval between announces is never shorter than this (tests shorten it).
  std::optional<std::chrono::milliseconds> min_announce_interval;
};

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
};

}  // namespace corrent::engine
