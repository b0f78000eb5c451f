#pragma once
// SessionView: what a Service plugin (an HTTP streaming server, a control API, a web page)
// may do with the session it runs in. The engine's Session implements it; a Service gets
// it in Service::run(). Everything here is called on the session's executor.
//
//   Task<Result<void>> run(SessionView& session) override {
//     auto layout = session.files(ih);                    // where each file lies
//     co_await session.set_file_priorities(ih, prios);    // want the file being played
//     auto bytes = co_await session.read(ih, offset, 64 * 1024);  // waits for the pieces
//   }

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corrent/core/bitfield.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/strong_types.hpp"
#include "corrent/core/task.hpp"
#include "corrent/events/event_bus.hpp"
#include "corrent/metainfo/file_layout.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/stream.hpp"
#include "corrent/net/port_mapper.hpp"
#include "corrent/view/add_torrent_params.hpp"
#include "corrent/view/limits.hpp"
#include "corrent/view/torrent_status.hpp"

namespace corrent {

/// The session as its services see it. Errors are engine::errc values (unknown_torrent,
/// torrent_stopped, ...) or the storage's.
class SessionView {
 public:
  virtual ~SessionView() = default;

  /// A status snapshot of every torrent of the session, in no particular order.
  [[nodiscard]] virtual std::vector<TorrentStatus> torrents() const = 0;
  /// One torrent's status; nullopt if it is not in the session.
  [[nodiscard]] virtual std::optional<TorrentStatus> status(const metainfo::InfoHash& info_hash) const = 0;
  /// The torrent's files, piece size and total size; nullopt if it is not in the session
  /// or is a magnet link still fetching its metadata. A copy: it stays valid.
  [[nodiscard]] virtual std::optional<metainfo::FileLayout> files(const metainfo::InfoHash& info_hash) const = 0;

  /// The torrent's metainfo (piece hashes, web seeds, trackers); nullopt if it is not in
  /// the session or is a magnet link still fetching its metadata. A copy: it stays valid.
  [[nodiscard]] virtual std::optional<metainfo::Metainfo> metainfo(const metainfo::InfoHash& info_hash) const = 0;

  /// The pieces the torrent has verified, one bit per piece; nullopt if it is not in the
  /// session or is a magnet link still fetching its metadata. A copy.
  [[nodiscard]] virtual std::optional<Bitfield> have_pieces(const metainfo::InfoHash& info_hash) const = 0;

  /// Hands the session a connection as if it had been accepted: the other end opens with
  /// its BitTorrent handshake, naming a torrent of the session, and is then a peer like
  /// any other (picked from, choked, banned on bad data). For a plugin's virtual peers,
  /// such as a web seed that speaks the peer protocol in front of an HTTP server. The
  /// connection limits and the IP filter apply to stream->remote() as to any inbound
  /// connection; no encryption is negotiated (the stream never leaves the process).
  /// `source` names the connection's kind in events and statistics ("webseed").
  virtual void adopt_peer(std::unique_ptr<net::Stream> stream, std::string source) = 0;

  /// As Session::add_torrent and Session::remove_torrent.
  virtual Task<Result<metainfo::InfoHash>> add_torrent(AddTorrentParams params) = 0;
  virtual Task<Result<void>> remove_torrent(metainfo::InfoHash info_hash) = 0;
  /// As Session::pause and Session::resume: a paused torrent closes its connections and
  /// stops announcing until resumed. Error: unknown_torrent.
  virtual Result<void> pause(const metainfo::InfoHash& info_hash) = 0;
  virtual Result<void> resume(const metainfo::InfoHash& info_hash) = 0;

  /// The addresses the session listens on, with the real ports.
  [[nodiscard]] virtual std::vector<net::Endpoint> listen_endpoints() const = 0;
  /// Where the session's shared UDP sockets are bound (uTP, the DHT, UDP trackers).
  [[nodiscard]] virtual std::vector<net::Endpoint> udp_endpoints() const = 0;
  /// What the port mappers (nat plugins) have mapped so far, and where it is reachable.
  [[nodiscard]] virtual std::vector<PortMapping> external_endpoints() const = 0;
  /// Our address as the Internet sees it (port 0): a port mapper's report of the
  /// gateway's WAN address, else what enough trackers (BEP 24) and peers (BEP 10 "yourip")
  /// agree on; nullopt until known. ExternalAddressChanged says when it changes.
  [[nodiscard]] virtual std::optional<net::Endpoint> external_address() const = 0;

  /// The session's events; subscribe with an EventMask to get only the kinds wanted.
  [[nodiscard]] virtual events::EventBus& events() = 0;

  /// The bytes [offset, offset + length) of the torrent (its files laid end to end, as in
  /// files()), once every piece covering them has been verified: waits for them while the
  /// torrent downloads (and for the metadata of a magnet link), and gives the missing ones
  /// the soonest deadline, so they are fetched before any other. Cancel the awaiting
  /// coroutine (`read(...) || timer`) to give up; that leaves the deadlines in place.
  /// Errors: unknown_torrent; bad_range (past the end); read_too_long (length over
  /// kMaxReadLength); range_not_wanted (a covering piece lies only in skipped files: set
  /// their priority first); torrent_stopped (removed, failed, or the session stopped while
  /// waiting); operation_aborted (cancelled); the storage's read errors.
  virtual Task<Result<std::vector<std::byte>>> read(metainfo::InfoHash info_hash, std::uint64_t offset,
                                                    std::size_t length) = 0;

  /// Asks for `piece` within `due` from now: pieces with a deadline are requested before
  /// all others, soonest first (streaming). Dropped once the piece is had. Errors:
  /// unknown_torrent, bad_range (no such piece, or no metadata yet).
  virtual Result<void> set_piece_deadline(const metainfo::InfoHash& info_hash, PieceIndex piece,
                                          std::chrono::milliseconds due) = 0;

  /// The reader moved away from pieces first..last (a seek): their deadlines are dropped
  /// and the requests in flight for them cancelled (CANCEL sent, the blocks open again to
  /// be picked in the usual order), so that the new position's pieces have the peers'
  /// bandwidth at once. Returns how many block requests were cancelled. Errors:
  /// unknown_torrent, bad_range (no metadata yet, first > last, past the last piece).
  virtual Result<std::size_t> clear_piece_deadlines(const metainfo::InfoHash& info_hash, PieceIndex first,
                                                    PieceIndex last) = 0;

  /// One priority per file (0 skips it, up to engine::kMaxPiecePriority), as
  /// AddTorrentParams::file_priorities, while the torrent runs: a seeding torrent that now
  /// wants more downloads again. Errors: unknown_torrent, bad_priorities (wrong count or
  /// value, or no metadata yet), the storage's.
  virtual Task<Result<void>> set_file_priorities(metainfo::InfoHash info_hash,
                                                 std::vector<std::uint8_t> priorities) = 0;

  /// Gives the pieces first..last (inclusive) `priority` (0: not wanted, up to
  /// engine::kMaxPiecePriority) over what their files' priorities give, while the torrent
  /// runs (WebTorrent's select/deselect): until set_file_priorities() is called again, which
  /// makes the files decide once more. A wanted piece in a skipped file makes that file
  /// wanted (priority 1) first, so that the storage creates it. A read-only torrent wants
  /// nothing whatever its priorities. Not kept in resume data. Errors: unknown_torrent,
  /// bad_range (no metadata yet, first > last, past the last piece), bad_priorities,
  /// torrent_stopped, the storage's.
  virtual Task<Result<void>> set_piece_priorities(metainfo::InfoHash info_hash, PieceIndex first, PieceIndex last,
                                                  std::uint8_t priority) = 0;
};

}  // namespace corrent
