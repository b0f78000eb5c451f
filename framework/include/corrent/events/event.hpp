#pragma once
// The typed events of a session, delivered through the EventBus: peers, torrents, pieces,
// trackers and stats. Each event is either a lifecycle/error event, never dropped, or a
// progress event (BlockReceived, CheckProgress, Stats), which a full EventStream may drop
// and count (see event_bus.hpp).

#include <cstddef>
#include <cstdint>
#include <string>
#include <system_error>
#include <type_traits>
#include <variant>
#include <vector>

#include "corrent/core/peer_id.hpp"
#include "corrent/core/strong_types.hpp"
#include "corrent/events/torrent_state.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/net/port_mapper.hpp"

namespace corrent::events {

/// A peer completed the handshake (and the extension handshake, when both sides
/// support BEP 10 and it arrived first). Lifecycle.
struct PeerConnected {
  net::Endpoint endpoint;
  PeerId peer_id;
  std::string client;  ///< from the extension handshake's "v", else from the peer id
  bool incoming = false;
  std::string transport;  ///< the transport's scheme ("tcp", "utp"), or empty if not known
};

/// A peer connection ended. Lifecycle: carries the reason, for people debugging a swarm.
struct PeerClosed {
  net::Endpoint endpoint;
  std::error_code reason;  ///< what ended it (wire::errc, net::errc, asio's eof, ...)
  std::string detail;      ///< reason.message(), or more precise text
};

/// A block (part of a PIECE message) arrived from a peer. Progress. In an EventStream
/// whose reader is behind, consecutive blocks of one piece from one peer arrive as one
/// event: [begin, begin + length) then covers them all (EventStream::coalesced()).
struct BlockReceived {
  net::Endpoint endpoint;
  PieceIndex piece;
  std::uint32_t begin = 0;
  std::uint32_t length = 0;
};

/// A torrent joined the session (before its data is checked). Lifecycle.
struct TorrentAdded {
  metainfo::InfoHash info_hash;
  std::string name;
};

/// Checking the data already on disk: `done` of `total` pieces looked at. Progress.
struct CheckProgress {
  metainfo::InfoHash info_hash;
  std::uint32_t done = 0;
  std::uint32_t total = 0;
};

/// The data on disk was checked (or trusted from resume data). Lifecycle.
struct TorrentChecked {
  metainfo::InfoHash info_hash;
  std::uint32_t pieces_have = 0;
  std::uint32_t pieces_total = 0;
  bool from_resume = false;  ///< some pieces were trusted from resume data without hashing
};

/// A piece passed its SHA-1 check and is on disk. Lifecycle.
struct PieceFinished {
  metainfo::InfoHash info_hash;
  PieceIndex piece;
};

/// A piece failed its SHA-1 check; it is downloaded again. Lifecycle.
struct PieceFailed {
  metainfo::InfoHash info_hash;
  PieceIndex piece;
  std::uint32_t contributors = 0;  ///< peers that sent blocks of it
};

/// A peer was banned for sending data that failed the hash check. Lifecycle.
struct PeerBanned {
  metainfo::InfoHash info_hash;
  net::Endpoint endpoint;
  std::string why;
};

/// A tracker answered (or failed to). Lifecycle.
struct TrackerReply {
  metainfo::InfoHash info_hash;
  std::string url;
  std::string event;        ///< "started", "completed", "stopped" or "" (regular)
  std::uint32_t peers = 0;  ///< peers in the answer
  std::string error;        ///< empty on success
  std::string next;         ///< after an error: the tracker asked next, at once (BEP 12), or ""
  std::uint64_t retry_in_ms = 0;  ///< after an error: when this tracker is asked again
};

/// A torrent stopped working: a storage error, say. Lifecycle.
struct TorrentError {
  metainfo::InfoHash info_hash;
  std::error_code error;
  std::string detail;
};

/// Something went wrong that does not stop the torrent: resume data that does not parse
/// (every piece is checked instead), resume data that cannot be written (retried later),
/// a peer address that cannot be used. `detail` names the path or address and the reason.
/// Lifecycle.
struct TorrentWarning {
  metainfo::InfoHash info_hash;
  std::error_code error;
  std::string detail;
};

/// The torrent paused itself on an error it may recover from (the disk is full): it
/// resumes by itself (TorrentResumed) once the cause has gone. Lifecycle.
struct TorrentPaused {
  metainfo::InfoHash info_hash;
  std::error_code error;
  std::string detail;  ///< what failed: the path and the system's reason
};

/// A torrent's state (Session::status's `state`) changed: each transition once, in order,
/// from the first (a torrent starts checking, or fetching metadata for a magnet link).
/// Lifecycle.
struct TorrentStateChanged {
  metainfo::InfoHash info_hash;
  TorrentState from = TorrentState::checking;
  TorrentState to = TorrentState::checking;
};

/// A torrent paused by TorrentPaused runs again. Lifecycle.
struct TorrentResumed {
  metainfo::InfoHash info_hash;
};

/// Every wanted piece is verified on disk. Lifecycle.
struct TorrentFinished {
  metainfo::InfoHash info_hash;
};

/// A torrent's counters, published about once a second. Progress.
struct Stats {
  metainfo::InfoHash info_hash;
  std::uint32_t pieces_have = 0;
  std::uint32_t pieces_total = 0;
  std::uint64_t wanted_done = 0;   ///< bytes of wanted pieces verified
  std::uint64_t wanted_total = 0;  ///< bytes of wanted pieces
  std::uint64_t download_rate = 0;  ///< payload bytes per second, from peers
  std::uint64_t upload_rate = 0;    ///< payload bytes per second, to peers
  std::uint64_t downloaded = 0;  ///< payload bytes received this session
  std::uint64_t uploaded = 0;    ///< payload bytes sent this session
  std::uint64_t wasted = 0;      ///< bytes received but thrown away (failed pieces, duplicates)
  std::uint32_t peers = 0;
  std::uint32_t seeds = 0;
};

/// A magnet link's info dictionary arrived from a peer and matched the info-hash; the
/// torrent now checks its files and downloads. Lifecycle.
struct MetadataReceived {
  metainfo::InfoHash info_hash;
  std::string name;
  std::uint64_t size = 0;  ///< bytes of the info dictionary
  net::Endpoint from;      ///< the peer it came from (0.0.0.0:0: from the resume data)
};

/// Peers learnt from a peer through an extension (PEX) and added to the candidates.
/// Lifecycle.
struct PeersDiscovered {
  metainfo::InfoHash info_hash;
  std::string source;               ///< the extension, e.g. "ut_pex"
  net::Endpoint from;               ///< the peer that told us
  std::vector<net::Endpoint> peers; ///< the new ones (already known ones left out)
};

/// Something an extension reports about a peer (PeerContext::note), for people and tests.
/// Lifecycle.
struct ExtensionNote {
  metainfo::InfoHash info_hash;
  net::Endpoint endpoint;
  std::string extension;  ///< its BEP 10 name
  std::string text;
};

/// Something the session as a whole ran into and worked around, said once per episode:
/// it ran out of descriptors and paused accepting (accept_paused), or met a limit of the
/// system. `detail` names what and where. Lifecycle.
struct SessionWarning {
  /// A short stable name: "accept_paused", "connect_paused", "service_failed",
  /// "udp_port_differs", "udp_unavailable".
  std::string what;
  std::error_code error;
  std::string detail;
};

/// A port mapper (a nat plugin) made one of our listen ports reachable from outside, at
/// `external` (published again when the mapping changes). Trackers announce the external
/// port from then on. Lifecycle.
struct PortMapped {
  std::string mapper;  ///< the plugin's registered name
  PortRequest request;
  net::Endpoint external;
};

/// A port mapper could not map a port, lost the mapping, or removed it at stop
/// (`error` is then operation_aborted). Lifecycle.
struct PortUnmapped {
  std::string mapper;  ///< the plugin's registered name
  PortRequest request;
  std::error_code error;
};

/// Our address as the Internet sees it is now `address` (port 0). From a port mapper (the
/// gateway's WAN address, a fact) while one has a mapping in force; else from hints that at
/// least engine::kExternalAddressMinVotes distinct reporters agree on: trackers' "external
/// ip" (BEP 24) and peers' "yourip" (BEP 10). Session::external_address() holds it too.
/// Lifecycle.
struct ExternalAddressChanged {
  net::Endpoint address;
  std::string source;  ///< the port mapper's registered name, or "votes"
};

/// An outgoing connection to a peer of a torrent failed before it became a peer: the
/// connect (refused, unreachable, timed out: net::errc::timed_out, or the system's in
/// asio's category), the
/// encryption handshake, or the BitTorrent handshake (wire::peer_errc::handshake_timeout,
/// info_hash_mismatch, ...). Not said for our own shortage of places or descriptors.
/// Progress: a swarm of stale addresses makes many, and a full stream may drop them.
struct PeerConnectFailed {
  metainfo::InfoHash info_hash;
  net::Endpoint endpoint;
  std::error_code error;
  bool connected = false;  ///< the connect succeeded; a handshake after it failed
};

/// The EventStream it arrives in fell behind and dropped `count` events here, between the
/// event before this one and the event after it (progress events while the stream was
/// full, or anything past its overflow bound). Only streams publish it, in order, once
/// the reader has room again; subscribers never see it. Lifecycle.
struct Lagged {
  std::uint64_t count = 0;
};

using Event = std::variant<PeerConnected, PeerClosed, BlockReceived, TorrentAdded, CheckProgress,
                           TorrentChecked, PieceFinished, PieceFailed, PeerBanned, TrackerReply,
                           TorrentError, TorrentFinished, Stats, MetadataReceived, PeersDiscovered,
                           ExtensionNote, SessionWarning, TorrentWarning, TorrentPaused,
                           TorrentResumed, Lagged, PortMapped, PortUnmapped, TorrentStateChanged,
                           PeerConnectFailed, ExternalAddressChanged>;

/// A set of event kinds, for a subscriber or a stream that wants only some: per-block
/// BlockReceived events, a thousand a second in a fast download, cost a reader that only
/// draws a progress bar nothing once left out.
///   bus.stream(64, EventMask::all().without<BlockReceived>());
///   bus.subscribe(callback, EventMask::of<TorrentFinished, TorrentError>());
class EventMask {
 public:
  /// Every kind.
  static constexpr EventMask all() { return EventMask(~std::uint64_t{0}); }
  /// No kind (a stream with it still gets Lagged markers).
  static constexpr EventMask none() { return EventMask(0); }
  /// Exactly `Kinds`.
  template <class... Kinds>
  static constexpr EventMask of() {
    return EventMask((bit<Kinds>() | ... | std::uint64_t{0}));
  }
  /// This set and `Kinds`.
  template <class... Kinds>
  [[nodiscard]] constexpr EventMask with() const {
    return EventMask(bits_ | of<Kinds...>().bits_);
  }
  /// This set without `Kinds`.
  template <class... Kinds>
  [[nodiscard]] constexpr EventMask without() const {
    return EventMask(bits_ & ~of<Kinds...>().bits_);
  }
  /// Whether `event`'s kind is in the set.
  [[nodiscard]] constexpr bool contains(const Event& event) const { return ((bits_ >> event.index()) & 1U) != 0; }
  /// Whether `Kind` is in the set.
  template <class Kind>
  [[nodiscard]] constexpr bool contains() const {
    return (bits_ & bit<Kind>()) != 0;
  }
  friend constexpr bool operator==(EventMask, EventMask) = default;

 private:
  static_assert(std::variant_size_v<Event> <= 64, "EventMask holds one bit per event kind");
  constexpr explicit EventMask(std::uint64_t bits) : bits_(bits) {}
  template <class Kind>
  static constexpr std::uint64_t bit() {
    return std::uint64_t{1} << index_of<Kind>();
  }
  // The position of Kind among Event's alternatives.
  template <class Kind, std::size_t I = 0>
  static constexpr std::size_t index_of() {
    static_assert(I < std::variant_size_v<Event>, "not an event kind");
    if constexpr (std::is_same_v<Kind, std::variant_alternative_t<I, Event>>) {
      return I;
    } else {
      return index_of<Kind, I + 1>();
    }
  }
  std::uint64_t bits_;
};

/// Whether an event may be dropped by a full stream (progress) or never (lifecycle).
enum class EventClass { lifecycle, progress };

/// The class of `event`.
[[nodiscard]] EventClass classify(const Event& event);

}  // namespace corrent::events
