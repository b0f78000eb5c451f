#pragma once
// TorrentHandle: one torrent of a Client. A small value (the client's shared state and
// the info-hash): copy it freely. Every call fails with client_destroyed after
// Client::destroy(), and with torrent_destroyed once the torrent is removed.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corrent/client/errc.hpp"
#include "corrent/client/file_reader.hpp"
#include "corrent/core/bitfield.hpp"
#include "corrent/core/task.hpp"
#include "corrent/throttle/rate_limits.hpp"
#include "corrent/metainfo/info_hash.hpp"

namespace corrent::client {

/// One file of a torrent (pad files left out).
struct FileInfo {
  std::string name;          ///< the path below the download folder, '/'-separated
  std::uint64_t length = 0;  ///< bytes
  std::uint64_t offset = 0;  ///< where the file starts in the torrent's byte stream
};

/// A torrent of a Client; call it on the client's executor.
class TorrentHandle {
 public:
  TorrentHandle(std::shared_ptr<detail::ClientState> state, metainfo::InfoHash info_hash);

  /// Known from the start, even for a magnet link.
  [[nodiscard]] const metainfo::InfoHash& info_hash() const { return info_hash_; }
  /// The torrent's name (a magnet's dn, or the info-hash, until the metadata arrives).
  [[nodiscard]] ClientResult<std::string> name() const;
  /// Total bytes. Errors: metadata_pending for a magnet link still fetching its metadata.
  [[nodiscard]] ClientResult<std::uint64_t> length() const;
  /// The files, in torrent order. Errors: metadata_pending.
  [[nodiscard]] ClientResult<std::vector<FileInfo>> files() const;
  /// Verified wanted bytes over wanted bytes, 0..1 (0 while the metadata is pending; 1 for
  /// a torrent that wants nothing, such as a read-only seed, once checked).
  [[nodiscard]] ClientResult<double> progress() const;
  /// Payload bytes received from peers and kept (received() less what was thrown away:
  /// pieces that failed their hash check, blocks that came twice), since it was added.
  [[nodiscard]] ClientResult<std::uint64_t> downloaded() const;
  /// Payload bytes received from peers, duplicates and failed pieces included.
  [[nodiscard]] ClientResult<std::uint64_t> received() const;
  /// Payload bytes sent to peers since it was added.
  [[nodiscard]] ClientResult<std::uint64_t> uploaded() const;
  /// The verified pieces, a bit per piece. Errors: metadata_pending.
  [[nodiscard]] ClientResult<Bitfield> bitfield() const;
  /// This torrent's own download (upload) limit, bytes per second, within the client's;
  /// nullopt: only the client's applies. Changed at once. Errors: invalid_option (0).
  ClientResult<void> throttle_download(std::optional<std::uint64_t> bytes_per_second);
  ClientResult<void> throttle_upload(std::optional<std::uint64_t> bytes_per_second);
  /// This torrent's own limits.
  [[nodiscard]] ClientResult<throttle::RateLimits> rate_limits() const;
  /// What went wrong with this torrent since the last call, oldest first: peers that did
  /// not answer (connection_timed_out, handshake_timed_out, network, protocol), pieces
  /// that failed their hash check (piece_verification_failed), trackers that failed
  /// (discovery), storage trouble. At most kMaxWarnings are kept.
  [[nodiscard]] ClientResult<std::vector<ClientError>> take_warnings();
  /// Connected peers.
  [[nodiscard]] ClientResult<std::uint32_t> num_peers() const;
  /// The torrent's magnet URI (xt, dn, trackers, web seeds). Errors: metadata_pending.
  [[nodiscard]] ClientResult<std::string> magnet_uri() const;
  /// A reader over files()[index]. Errors: metadata_pending, out_of_range.
  [[nodiscard]] ClientResult<FileReader> reader(std::size_t index) const;
  /// Wants the pieces first..last (inclusive) with `priority` (1..7; higher first), over
  /// what the files say (WebTorrent's select). Errors: metadata_pending, out_of_range (a
  /// piece past the end, first > last), invalid_option (priority over 7), storage.
  Task<ClientResult<void>> select(std::uint32_t first, std::uint32_t last, std::uint8_t priority = 1);
  /// Wants those pieces no more (WebTorrent's deselect). Same errors.
  Task<ClientResult<void>> deselect(std::uint32_t first, std::uint32_t last);
  /// Wants those pieces before any other, now (WebTorrent's critical): the highest
  /// priority and a deadline at once. Same errors.
  Task<ClientResult<void>> critical(std::uint32_t first, std::uint32_t last);
  /// Removes the torrent from the client (as Client::remove); the data stays.
  Task<ClientResult<void>> destroy();

 private:
  [[nodiscard]] ClientResult<void> check() const;
  ClientResult<void> set_limit(std::optional<std::uint64_t> rate, bool download);
  std::shared_ptr<detail::ClientState> state_;
  metainfo::InfoHash info_hash_;
};

}  // namespace corrent::client
