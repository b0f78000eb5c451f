#pragma once
// Torrent: one torrent of a session, on the session's executor. It owns the piece picker,
// the choker, the disk queue (storage::TorrentDisk), the candidate peers and the connected
// Peers, and the coroutines that drive them (in tasks_): the start-up check, the
// connector, the choker's rounds, the stats ticker, discovery (TorrentDiscovery: the
// announcer and the discovery plugins), and one coroutine per connected peer.
//
// State: a TorrentLifecycle (torrent_lifecycle.hpp) holds the stage (fetching metadata,
// checking, downloading, seeding, failed) with the data only that stage has, and the
// pauses that hold it; every change goes through one of its named transitions, and each
// change of the reported state is published (TorrentStateChanged). The code of each stage
// that has its own is in its own file: torrent_metadata.cpp, torrent_check.cpp.
// Peers never touch the picker directly: each holds a PeerPieces.
//
// Ownership: a Peer lives in peers_ from the moment its connection is up until its
// run_peer() coroutine ends; nothing keeps a Peer* across a co_await (rule 5), peers are
// looked up again by PeerKey.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <absl/container/btree_map.h>
#include <absl/container/flat_hash_map.h>
#include <absl/container/inlined_vector.h>
#include <asio/any_io_executor.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/core/condition.hpp"
#include "corrent/core/peer_id.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/crypto/sha1.hpp"
#include "corrent/engine/block.hpp"
#include "corrent/policy/choke_strategy.hpp"
#include "corrent/throttle/rate_limits.hpp"
#include "corrent/policy/piece_order.hpp"
#include "corrent/engine/piece_picker.hpp"
#include "corrent/engine/rate_meter.hpp"
#include "corrent/engine/session_settings.hpp"
#include "corrent/engine/torrent_status.hpp"
#include "corrent/events/event_bus.hpp"
#include "corrent/net/task_group.hpp"
#include "corrent/net/transport.hpp"
#include "corrent/discovery/discovery.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/wire/torrent_view.hpp"
#include "corrent/storage/disk_pool.hpp"
#include "corrent/storage/resume_data.hpp"
#include "corrent/storage/torrent_disk.hpp"
#include "corrent/wire/dispatcher.hpp"
#include "corrent/wire/peer_connection.hpp"
#include "connection_limiter.hpp"
#include "external_address.hpp"
#include "session_random.hpp"
#include "torrent_discovery.hpp"
#include "torrent_lifecycle.hpp"
#include "corrent/engine/peer_set.hpp"
#include "wake.hpp"

namespace corrent::engine {

class Peer;
class MetadataPeer;

/// What a torrent borrows from its session; every pointer outlives the torrent.
struct TorrentContext {
  asio::any_io_executor executor;
  events::EventBus* events = nullptr;
  storage::DiskPool* disk_pool = nullptr;
  storage::StorageBackend* storage = nullptr;
  /// The session's transports in dial preference order (SessionSettings::transports).
  std::span<net::Transport* const> transports;
  const PluginSet* plugins = nullptr;
  const SessionSettings* settings = nullptr;
  std::vector<wire::ExtensionSlot> extensions;
  PeerId peer_id;
  /// The session's listen ports, external ones included once mapped (kept up to date).
  const ListenPorts* ports = nullptr;
  /// A discovery plugin wants DHT nodes: our handshakes set the DHT bit (BEP 5).
  bool dht = false;
  std::uint32_t announce_key = 0;
  /// The session's connection bounds: an outgoing connection holds a place from its connect.
  ConnectionLimiter* limiter = nullptr;
  /// The torrent's piece order (SessionSettings::picker, or AddTorrentParams::picker) and
  /// the session's choker (SessionSettings::choker): plugins the session outlives.
  policy::PickerPlugin* picker = nullptr;
  policy::ChokerPlugin* choker = nullptr;
  /// The session's random choices (seeded for simulations); the session outlives it.
  SessionRandom* random = nullptr;
  /// Where hints of our external address go (peers' "yourip", trackers' BEP 24 "external
  /// ip"); the session's, which outlives the torrent. Null in tests without a session.
  ExternalAddress* external_address = nullptr;
  /// Takes a stream whose other end speaks first (a hole-punched connection we are the
  /// acceptor of) through the session's incoming path: admission, MSE detection, the
  /// handshake, the torrent by info-hash.
  std::function<void(std::unique_ptr<net::Stream>, std::string transport)> adopt_incoming;
  /// Wraps an outgoing connection's stream to draw from the session's rate limits and
  /// `torrent`'s (SessionCore::throttled).
  std::function<std::unique_ptr<net::Stream>(std::unique_ptr<net::Stream>, std::shared_ptr<throttle::LimitPair> torrent)>
      throttled;
};

/// The geometry the wire checks messages against.
[[nodiscard]] wire::TorrentShape shape_of_layout(const metainfo::FileLayout& layout);

class Torrent final : public PeerSink, public TorrentView {
 public:

  /// Opens the torrent's storage (for a magnet link, once its metadata arrives). Errors:
  /// bad priorities, the storage's, no_metadata_source (a magnet without a btih).
  static Result<std::unique_ptr<Torrent>> create(TorrentContext context, AddTorrentParams params);
  ~Torrent() override;

  /// Starts checking, then downloading or seeding (in the background).
  void start();
  /// Ends every coroutine, writes resume data, stops the disk queue.
  Task<void> stop();
  void pause();
  void resume();

  [[nodiscard]] const metainfo::InfoHash& id() const { return meta_.info_hash; }
  [[nodiscard]] TorrentStatus status() const;
  /// What an incoming handshake for this torrent needs.
  [[nodiscard]] std::optional<wire::TorrentShape> shape() const;
  [[nodiscard]] bool accepting() const;

  void add_peer(const net::PeerAddress& peer);
  void on_peers(const InfoHashBytes& info_hash, std::span<const net::PeerAddress> peers) override;
  /// An incoming connection whose handshake named this torrent.
  /// `transport`: the scheme of the transport that accepted it.
  void attach_incoming(wire::PeerConnection::Ptr connection, std::string_view transport);

  // TorrentView, for extensions (torrent_view.cpp; the metadata in torrent_metadata.cpp).
  [[nodiscard]] InfoHashBytes info_hash() const override { return meta_.info_hash.bytes; }
  [[nodiscard]] bool has_metadata() const override { return has_metadata_; }
  [[nodiscard]] bool is_private() const override { return has_metadata_ && meta_.is_private; }
  [[nodiscard]] std::span<const std::byte> info_dict() const override;
  Result<void> offer_metadata(std::span<const std::byte> info, const net::Endpoint& from) override;
  void add_peers(std::span<const net::PeerAddress> peers, std::string_view source,
                 const net::Endpoint& from) override;
  [[nodiscard]] std::vector<ConnectedPeer> connected_peers() const override;
  Result<void> holepunch_connect(const net::Endpoint& to, HolepunchRole role) override;  // torrent_holepunch.cpp
  [[nodiscard]] bool is_self(const net::Endpoint& p) const;

  // What the torrent's Peers use.
  [[nodiscard]] PiecePicker& picker() { return picker_; }
  /// The verified pieces; nullopt while a magnet link fetches its metadata.
  [[nodiscard]] std::optional<Bitfield> have_pieces() const {
    if (!has_metadata_) return std::nullopt;
    return picker_.have_bits();
  }
  // A fresh picker for the torrent's shape, with a new order from the picker plugin.
  void make_picker();
  [[nodiscard]] storage::TorrentDisk& disk() { return *disk_; }
  [[nodiscard]] const metainfo::Metainfo& meta() const { return meta_; }
  /// In that stage and not paused: Peers request and serve pieces only then.
  [[nodiscard]] bool downloading() const { return lifecycle_.state() == TorrentState::downloading; }
  [[nodiscard]] bool seeding() const { return lifecycle_.state() == TorrentState::seeding; }
  [[nodiscard]] const asio::any_io_executor& executor() const { return ctx_.executor; }
  [[nodiscard]] const SessionSettings& settings() const { return *ctx_.settings; }
  /// A block of `peer` was accepted by the picker and buffered by the disk queue.
  void on_block_accepted(PeerKey peer, BlockRef block);
  /// A piece we had could not be read back for a peer (its bytes are gone: a file cut or
  /// deleted under us): no longer had, fetched again (seeding turns to downloading), the
  /// peers' extensions told (lt_donthave), and a TorrentWarning says so.
  void on_piece_lost(PieceIndex piece);
  /// Bytes received that were thrown away (not asked for, already had).
  void on_wasted(std::uint64_t bytes) { wasted_ += bytes; }
  /// The picker says others had asked for `block` too (end-game): they cancel it.
  void cancel_elsewhere(PeerKey except, std::span<const PeerKey> peers, BlockRef block);
  void on_uploaded(std::uint64_t bytes);
  void on_downloaded(std::uint64_t bytes);
  /// A peer became interested: unchoke it now if an upload slot is free.
  void on_peer_interested(PeerKey peer);
  /// Every peer's driver looks again (pieces freed, state changed).
  void wake_peers();
  /// Uploaded and downloaded over the torrent's life (resume data included); left is 0.
  [[nodiscard]] TransferTotals transfer_totals() const;
  /// Its trackers and discovery plugins, and what its peers tell them.
  [[nodiscard]] TorrentDiscovery& discovery() { return discovery_; }
  /// A disk error: the torrent stops.
  void fail(std::error_code why, std::string detail);

  // For services, through SessionView (torrent_reads.cpp). See view/session_view.hpp.
  [[nodiscard]] std::optional<metainfo::FileLayout> files() const;
  /// The torrent's own rate limits; its connections hold them too.
  [[nodiscard]] const std::shared_ptr<throttle::LimitPair>& rate_limits() const { return rate_limits_; }
  Task<Result<std::vector<std::byte>>> read_range(std::uint64_t offset, std::size_t length);
  Result<void> set_piece_deadline(PieceIndex piece, std::chrono::milliseconds due);
  Result<std::size_t> clear_piece_deadlines(PieceIndex first, PieceIndex last);
  void expedite(PieceIndex p);
  // Cancels the requests in flight for the blocks `which` selects, at the peers `at`
  // selects: the picker opens the blocks and each peer is sent a CANCEL. Returns how many.
  std::size_t withdraw_requests(const std::function<bool(const Peer&)>& at,
                                const std::function<bool(const BlockRef&)>& which);
  Task<Result<void>> set_file_priorities(std::vector<std::uint8_t> priorities);
  Task<Result<void>> set_piece_priorities(PieceIndex first, PieceIndex last, std::uint8_t priority);

 private:
  Torrent(TorrentContext context, AddTorrentParams params);
  struct Contributor {
    PeerKey key;
    net::Endpoint endpoint;
  };
  using Contributors = absl::InlinedVector<Contributor, 2>;

  // Life (torrent.cpp).
  Task<void> main();
  Result<void> open_storage();
  void start_loops();
  // Fetching metadata (torrent_metadata.cpp): false if the torrent stopped or failed.
  Task<bool> fetch_metadata();
  // Checking (torrent_check.cpp).
  Task<void> check();
  void begin_transfer();
  // After each transition into seeding: TorrentFinished, the tracker's "completed", resume
  // data, and BEP 21 upload_only to the peers.
  void on_seeding();
  void on_state_changed(TorrentState from, TorrentState to);
  Task<void> ticker();
  void publish(events::Event event) const;

  // Resume data (torrent_resume.cpp).
  Task<bool> lock_resume_data();
  Task<void> metadata_from_resume();
  Task<Result<std::optional<std::string>>> read_resume();
  Task<void> save_resume();
  [[nodiscard]] std::filesystem::path resume_path() const;
  Task<std::optional<Bitfield>> trusted_from_resume();

  // Peers (torrent_peers.cpp).
  Task<void> connector();
  // How a connect is made: an ordinary dial, or a simultaneous open for BEP 55, after
  // which we speak first (initiator) or hand the stream to the incoming path (acceptor).
  enum class Dial { normal, holepunch_initiator, holepunch_acceptor };
  Task<void> connect_to(net::PeerAddress peer, Dial how = Dial::normal);
  // A connect to a peer that a connected peer introduced (PEX) failed: that peer's
  // extensions hear of it (BEP 55 holepunch asks it to relay). torrent_holepunch.cpp.
  void tell_introducer(const net::Endpoint& unreachable);
  // A connect failed for want of descriptors: dial no one for a while; warn once.
  void pause_connecting(std::error_code error);
  // A stream and the transport that made it.
  struct Dialed {
    std::unique_ptr<net::Stream> stream;
    net::Transport* transport = nullptr;
    /// A simultaneous open whose other end speaks first (Dial::holepunch_acceptor, over a
    /// transport that opens_simultaneously; over another it is an ordinary connect).
    bool speaks_second = false;
  };
  // Connects by each transport of dial_order() in turn until one does.
  Task<Result<Dialed>> dial(net::PeerAddress peer, Dial how);
  Task<Result<Dialed>> open_stream(net::PeerAddress peer, wire::Handshake ours, Dial how);
  std::optional<PeerKey> add_connection(wire::PeerConnection::Ptr connection, std::string_view transport);
  Task<void> run_peer(PeerKey key);
  Task<void> run_metadata_peer(PeerKey key);  // torrent_metadata.cpp
  Task<void> run_any_peer(PeerKey key);
  [[nodiscard]] std::size_t connection_count() const;
  // BEP 40 at the connection limit: closes the connected peer of lowest priority if the
  // incoming `newcomer` ranks higher. False if none does.
  bool make_place_for(const wire::PeerConnection& newcomer);
  void on_peer_closed(PeerKey key, std::error_code why);
  Task<void> choker_loop();
  void choke_round();
  [[nodiscard]] Peer* find_peer(PeerKey key);
  void close_all(std::error_code why);

  // Reads (torrent_reads.cpp).
  class CallGuard;
  [[nodiscard]] bool readable() const;  // the metadata is known and the storage open
  [[nodiscard]] bool gone() const;      // stopped or failed: reads end
  Task<Result<std::vector<std::byte>>> read_verified(std::uint64_t offset, std::size_t length);
  // What is wanted or had changed (priorities, a lost piece): the stage follows, reads and
  // peers' interest look again.
  void on_wanted_changed();

  // Pieces (torrent_pieces.cpp).
  void on_piece_verdict(const storage::PieceOutcome& outcome);
  void on_piece_passed(PieceIndex piece, std::span<const crypto::Sha1Digest> block_digests);
  void on_piece_failed(PieceIndex piece, std::span<const crypto::Sha1Digest> block_digests);
  /// A verified piece could not be written: a full disk pauses the torrent (it tries again
  /// every kDiskFullRetryInterval), any other error stops it. Both name the file.
  void on_write_error(PieceIndex piece, std::error_code ec);
  Task<void> retry_after_disk_full();
  // Counts a failed piece against its senders: a sole sender always; shared senders only
  // when smart ban will not judge them (`judged_later` false).
  void strike(const Contributors& contributors, bool judged_later);
  // Smart ban (torrent_smart_ban.cpp): remembers who sent what of a failed piece, and
  // once it passes bans exactly the senders of blocks that differ.
  struct PieceSenders;
  // False if the piece could not be kept (see kMaxSmartBanPieces).
  bool remember_failed_blocks(PieceIndex piece, const PieceSenders& senders,
                              std::span<const crypto::Sha1Digest> digests);
  void judge_failed_blocks(PieceIndex piece, std::span<const crypto::Sha1Digest> digests);
  // Bans `endpoint` (PeerBanned saying `why`) and closes its connections.
  void ban(const net::Endpoint& endpoint, std::string why);
  void apply_priorities();

  TorrentContext ctx_;
  metainfo::Metainfo meta_;
  std::filesystem::path save_path_;
  std::vector<std::uint8_t> file_priorities_;
  // set_piece_priorities()'s, per piece, over what the files give (-1: none); empty: none.
  // Cleared when the file priorities are set again: they then decide.
  std::vector<std::int16_t> piece_overrides_;
  std::vector<net::Endpoint> initial_peers_;
  bool sequential_ = false;
  bool read_only_ = false;  // seeding what is there: never downloads, never writes data
  bool has_metadata_ = true;
  bool loops_started_ = false;
  bool from_magnet_ = false;  // keep the info dict in the resume data
  std::shared_ptr<throttle::LimitPair> rate_limits_;
  Wake metadata_wake_;

  // The state, and the data each state has (torrent_lifecycle.hpp).
  TorrentLifecycle lifecycle_;
  PiecePicker picker_;
  std::unique_ptr<policy::ChokeStrategy> choker_;
  std::unique_ptr<storage::TorrentDisk> disk_;
  PeerSet peer_set_;
  // Ordered by key (the order of connection): a hash map's iteration order would differ
  // from run to run (absl salts it with the table's address), and so would everything
  // done "for every peer" (the have broadcast, the choker's input), which a simulation
  // must repeat exactly.
  absl::btree_map<PeerKey, std::unique_ptr<Peer>> peers_;
  // Before the metadata is known: connections that only run extensions (ut_metadata).
  absl::btree_map<PeerKey, std::unique_ptr<MetadataPeer>> metadata_peers_;
  PeerKey next_key_ = 1;
  std::size_t half_open_ = 0;
  Clock::time_point connect_paused_until_{};
  bool connect_shortage_ = false;  // a SessionWarning was said for this shortage
  Wake connect_wake_;
  // A piece's senders: each once, and which of them sent each block.
  struct PieceSenders {
    static constexpr std::uint16_t kNone = 0xFFFF;
    Contributors peers;
    std::vector<std::uint16_t> by_block;  // index into peers, kNone before it came
  };
  absl::flat_hash_map<std::uint32_t, PieceSenders> contributors_;  // by piece
  // A failed piece being fetched again: each block as some sender sent it.
  struct SuspectBlock {
    std::uint32_t block = 0;
    net::Endpoint from;
    crypto::Sha1Digest digest;
  };
  struct SuspectPiece {
    std::uint32_t attempts = 0;
    std::vector<SuspectBlock> blocks;
  };
  absl::flat_hash_map<std::uint32_t, SuspectPiece> suspects_;  // at most kMaxSmartBanPieces
  struct Score {
    std::uint32_t sole_failures = 0;
    std::uint32_t shared_failures = 0;
    std::uint32_t passes = 0;
  };
  absl::flat_hash_map<net::Endpoint, Score> scores_;
  TorrentDiscovery discovery_;  // the announcer and the discovery plugins
  storage::ResumeLock resume_lock_;  // held from main() until stop() ends
  bool resume_failing_ = false;      // the last write of resume data failed: retry it
  bool resume_warned_ = false;       // ... and the user was told
  bool disk_full_ = false;           // TorrentPaused said for a full disk; TorrentResumed is due

  std::uint64_t downloaded_ = 0, uploaded_ = 0, wasted_ = 0;
  std::uint64_t resumed_downloaded_ = 0, resumed_uploaded_ = 0;  // from resume data
  RateMeter down_rate_, up_rate_;
  bool stopped_ = false;
  // Notified when a piece is verified, the storage opens, the check ends, priorities
  // change, or the torrent stops or fails: what reads wait on.
  Condition pieces_changed_;
  std::size_t active_calls_ = 0;  // services' reads and priority changes; stop() waits
  net::TaskGroup tasks_;           // main, ticker, choker, connector, discovery
  net::TaskGroup peer_tasks_;      // one run_peer per connection
};

}  // namespace corrent::engine
