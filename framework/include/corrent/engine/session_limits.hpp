#pragma once
// The session's timing and size bounds (the picker's and choker's are in limits.hpp).

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace corrent::engine {

/// An outgoing TCP connect gives up after this long (libtorrent's peer_connect_timeout: 15 s).
inline constexpr std::chrono::milliseconds kConnectTimeout{15000};
/// The connector looks for candidates to connect to at least this often.
inline constexpr std::chrono::milliseconds kConnectInterval{1000};
/// A failed candidate waits this long times its failure count before another try, and is
/// forgotten after kMaxConnectFailures (libtorrent's max_failcount is 3).
inline constexpr std::chrono::seconds kConnectRetryDelay{10};
inline constexpr std::uint32_t kMaxConnectFailures = 3;
/// Connections of the whole session, inbound and outbound, handshaking or not
/// (libtorrent's connections_limit, 200). Lowered at start-up to what the descriptor
/// budget leaves for peers (descriptor_budget.hpp).
inline constexpr std::size_t kMaxConnections = 200;
/// Inbound connections still in their handshake, session-wide. A peer that connects and
/// says nothing holds a descriptor until its deadline; this bound keeps such a flood to a
/// fixed cost. When it is reached the oldest stalled handshake is closed for the new one,
/// so a flood cannot lock honest peers out (our choice: libtorrent bounds the whole
/// session's connections only; 32 handshakes finish in well under a second each).
inline constexpr std::size_t kMaxHandshakes = 32;
/// Connections from one remote address, inbound and outbound. libtorrent allows one unless
/// allow_multiple_connections_per_ip is set; 8 keeps a single host from taking the session
/// while hosts behind one NAT, and test swarms on loopback, still connect.
inline constexpr std::size_t kMaxConnectionsPerAddress = 8;
/// An inbound connection must complete the BitTorrent handshake within this long
/// (libtorrent's handshake_timeout is 10 s; a peer that connected sends its handshake at
/// once, so a few seconds is ample and bounds what a stalled one costs).
inline constexpr std::chrono::milliseconds kInboundHandshakeTimeout{5000};
/// After accept() fails for want of descriptors or memory (EMFILE, ENFILE, ENOBUFS,
/// ENOMEM) the accept loop pauses this long, doubling up to kMaxAcceptBackoff, or until a
/// connection closes. Retrying at once would spin: the pending connection stays queued.
inline constexpr std::chrono::milliseconds kMinAcceptBackoff{50};
inline constexpr std::chrono::milliseconds kMaxAcceptBackoff{2000};
/// Session::stop() gives the port mappers (NAT plugins) this long to remove their
/// mappings once cancelled; a mapper still at it is then cancelled again, which aborts the
/// request it waits on (net::TaskGroup::stop_within). Removing a mapping is one request on
/// the LAN: a UPnP DeletePortMapping, or a NAT-PMP datagram retried after 250 ms and 500 ms
/// (RFC 6886, 3.1); libtorrent sets no bound of its own. Stopping waits for this at most
/// once, after the torrents' "stopped" announces.
inline constexpr std::chrono::milliseconds kPortMapperStopTimeout{3000};
/// After a connect fails for want of descriptors, a torrent dials no one for this long.
inline constexpr std::chrono::milliseconds kConnectPauseOnShortage{1000};
/// Candidate peers remembered per torrent (libtorrent's max_peerlist_size is 3000; a
/// torrent here connects to at most kMaxConnectionsPerTorrent of them).
inline constexpr std::size_t kMaxPeerCandidates = 2000;
/// Most peers taken from one TorrentView::add_peers call (one PEX message): BEP 11 and
/// libtorrent's ut_pex both send at most 50 added peers a message; the rest is ignored.
inline constexpr std::size_t kMaxPeersPerOffer = 50;
/// "left" announced while a magnet's size is unknown: non-zero so that trackers count us
/// as a leecher and send seeds (libtorrent announces one block's worth too).
inline constexpr std::uint64_t kUnknownLeft = 16 * 1024;
/// Stats events and rate sampling.
inline constexpr std::chrono::milliseconds kStatsInterval{1000};
/// Resume data is written this often while a torrent runs, and on stop; a write that
/// failed is tried again this often, also while seeding.
inline constexpr std::chrono::seconds kResumeInterval{10};
/// A torrent paused by a full disk downloads again after this long; if the next write
/// fails too it pauses again (without a new event), else it says TorrentResumed.
inline constexpr std::chrono::seconds kDiskFullRetryInterval{5};
/// PIECE messages an uploading peer keeps queued on its connection (read, not yet
/// written): the disk reads the next block while these go out. 16 blocks: 256 KiB per peer.
inline constexpr std::size_t kUploadBlocksQueued = 16;
/// Requests of one peer read from disk in one pool job (128 KiB).
inline constexpr std::size_t kUploadReadBatch = 8;
/// When the disk queue holds more than this many bytes of complete pieces not yet
/// written, the peers' readers wait until it is below half of it: the disk's back-pressure
/// reaches the senders through TCP, and memory stays bounded (the engine's budget for a
/// 1 GiB download is 64 MiB of anonymous memory).
inline constexpr std::uint64_t kMaxWriteBacklog = 16ull * 1024 * 1024;
/// Requests from one peer we queue for upload; more are rejected (fast extension) or
/// dropped. Equal to the reqq we advertise (wire::kAdvertisedReqq).
inline constexpr std::size_t kMaxUploadQueue = 500;
/// A peer that sent data of this many pieces that failed, when it was the only sender
/// of each, is banned; or of kBanSharedFailures failed pieces shared with others while
/// fewer of its pieces passed than failed (smart-ban lite: an honest peer sharing pieces
/// with a liar also sees failures, but far more of its pieces pass).
inline constexpr std::uint32_t kBanSoleFailures = 2;
inline constexpr std::uint32_t kBanSharedFailures = 3;
/// Smart ban (libtorrent's smart_ban plugin does the same): the senders of each block of
/// a failed piece and the SHA-1 of what they sent are kept until the piece passes; then
/// exactly the peers whose blocks differ from the good ones are banned; a kept failure
/// is not counted against the peers that shared it (a sole sender's is). At most this many failed pieces are kept at once (past
/// it, a failure counts by the rule above only), and at most kMaxSmartBanAttempts failed
/// attempts of one piece: 64 pieces of 4 MiB (256 blocks, about 48 bytes a block) cost
/// 3 MiB at the very worst.
inline constexpr std::size_t kMaxSmartBanPieces = 64;
inline constexpr std::uint32_t kMaxSmartBanAttempts = 4;

}  // namespace corrent::engine
