#pragma once
// PeerConnection: one peer over any net::Stream. Not sans-I/O: it owns the stream, runs
// the handshake, then a reader, a writer and an inactivity watchdog.
//
//   auto conn = co_await PeerConnection::connect(std::move(stream), ours, shape, settings);
//   if (!conn) ...;                                   // handshake failed (and was reported)
//   group.spawn(run_peer(std::move(*conn), handler)); // whose coroutine co_awaits run()
//   co_await conn->send(wire::Interested{});
//
// Lifetimes: whoever holds the unique_ptr owns the connection and must not destroy it
// while run() or a send() is in progress: co_await run() to the end (close() or a TaskGroup
// stop() ends it promptly). run() owns the reader, writer and watchdog coroutines: they
// are joined with `||`, so the first to finish (an error, the peer's EOF, the timeout,
// close()) cancels the other two, and run() returns only once all three have ended.
// Everything runs on one executor, with no locks.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <asio/any_io_executor.hpp>
#include "corrent/core/clock.hpp"

#include "corrent/core/condition.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/net/stream.hpp"
#include "corrent/wire/dispatcher.hpp"
#include "corrent/wire/framer.hpp"
#include "corrent/wire/handshake.hpp"
#include "corrent/wire/message.hpp"
#include "corrent/wire/message_handler.hpp"
#include "corrent/wire/peer_errc.hpp"
#include "corrent/wire/peer_settings.hpp"
#include "corrent/wire/received_message.hpp"
#include "corrent/wire/recv_buffer.hpp"
#include "corrent/wire/send_queue.hpp"
#include "corrent/wire/torrent_shape.hpp"

namespace corrent::net {
class TaskGroup;
}

namespace corrent::wire {

/// What an incoming connection's info-hash matched. `shape` is nullopt while the
/// torrent's metadata is unknown (then messages are not validated against it).
struct TorrentMatch {
  std::optional<TorrentShape> shape;
};

/// Decides, from the info-hash alone, whether we serve an incoming connection: called
/// before the peer id is read. nullopt refuses it (peer_errc::unknown_info_hash).
using TorrentLookup = std::function<std::optional<TorrentMatch>(const metainfo::InfoHash&)>;

/// Our side of a handshake on an incoming connection: the info-hash is the peer's.
struct LocalIdentity {
  Reserved reserved;
  PeerId peer_id;
};

class PeerConnection {
 public:
  using Ptr = std::unique_ptr<PeerConnection>;

  /// Outgoing: sends `ours` and reads the peer's handshake, which must carry
  /// ours.info_hash (else peer_errc::info_hash_mismatch, decided before its peer id is
  /// read). Bounded by settings.handshake_timeout (peer_errc::handshake_timeout). On
  /// failure the stream is closed and a PeerClosed event says why.
  static Task<Result<Ptr>> connect(std::unique_ptr<net::Stream> stream, Handshake ours,
                                   std::optional<TorrentShape> shape, PeerSettings settings);

  /// Incoming: reads the first 48 bytes of the peer's handshake, asks `lookup` about its
  /// info-hash, and only then answers with our handshake and reads the peer id. Errors as
  /// for connect(), and peer_errc::unknown_info_hash.
  static Task<Result<Ptr>> accept(std::unique_ptr<net::Stream> stream, LocalIdentity ours,
                                  TorrentLookup lookup, PeerSettings settings);

  ~PeerConnection();
  PeerConnection(const PeerConnection&) = delete;
  PeerConnection& operator=(const PeerConnection&) = delete;

  /// Runs the connection until it ends, and returns why: sends our extension handshake
  /// (when both sides set the BEP 10 bit, after attaching `extensions`, which see
  /// `torrent` through PeerContext::torrent()), then reads, writes, watches for inactivity
  /// and runs each attached extension's ExtensionPeer::run(). Afterwards the stream is
  /// closed, pending sends fail, the extensions' coroutines have ended, and
  /// PeerClosed{reason} is published. `handler` and `torrent` must outlive the call. Call
  /// once.
  Task<std::error_code> run(MessageHandler& handler, std::vector<ExtensionSlot> extensions = {},
                            TorrentView* torrent = nullptr);

  /// Pull-style use, in place of run(handler) (rbit's `conn.receive().await`): starts the
  /// connection in a task the connection owns, as run() would with `extensions` attached,
  /// and keeps every message the peer sends, in order, for receive(). Once started,
  /// send() is written at once. Extensions still get their messages (and receive() gets
  /// them too, as Extended). Call once, instead of run(); receive() calls it (without
  /// extensions) if nobody did. Whoever starts it must `co_await shutdown()` before
  /// destroying the connection.
  void start_receiving(std::vector<ExtensionSlot> extensions = {}, TorrentView* torrent = nullptr);
  /// The next message the peer sent (keep-alives too), waiting for it; its bytes are its
  /// own. At most kMaxInboxMessages wait unread: then the connection stops reading until
  /// one is taken (back-pressure, nothing lost). Once the connection has ended and every
  /// kept message was taken, returns why it ended (peer_errc::closed_by_us after
  /// shutdown(), or the peer's EOF, a timeout, a protocol error).
  Task<Result<ReceivedMessage>> receive();
  /// Ends a connection started by start_receiving() at once (what is still queued to send
  /// may be dropped) and waits until it has ended; returns at once otherwise. Safe to call
  /// more than once.
  Task<void> shutdown();

  /// Queues `m` and returns once it is queued (waiting while the queue is full). PIECE and
  /// EXTENDED payloads are borrowed, not copied: for them send() returns only once the
  /// bytes are written, so the caller keeps them valid meanwhile. Updates am_choking /
  /// am_interested. Fails with peer_errc::connection_closed once the connection ended.
  Task<Result<void>> send(Message m);

  /// Queues a PIECE whose message is `message`: its first kPieceHeaderSize bytes are left
  /// for the header, which this writes, and the block follows. The buffer is owned by the
  /// queue, so this returns once it is queued (waiting while the queue is full), not once
  /// it is written: an uploader keeps several blocks on their way without copying them.
  Task<Result<void>> send_piece(PieceIndex piece, std::uint32_t begin, std::vector<std::byte> message);
  /// Blocks queued by send_piece() and not yet written.
  [[nodiscard]] std::size_t pieces_queued() const { return pieces_queued_; }
  /// Returns once fewer than `limit` such blocks are queued (or the connection is ending,
  /// or the awaiting coroutine is cancelled).
  Task<void> wait_for_piece_room(std::size_t limit);

  /// Sends `payload` as extension `name`'s message, under the id the peer gave `name`
  /// (peer_errc::extension_not_supported if it gave none). Borrowed like a PIECE.
  Task<Result<void>> send_extended(std::string_view name, std::span<const std::byte> payload);

  /// Says "upload_only" (BEP 21) from now on: when it changes on a running connection
  /// whose peer speaks BEP 10, our extension handshake is sent again with the new value.
  void set_upload_only(bool on);
  /// What we last said of "upload_only" (or will say in our handshake).
  [[nodiscard]] bool says_upload_only() const { return settings_.upload_only; }
  /// We no longer have `piece`: the attached extensions hear of it (ExtensionPeer::
  /// on_piece_lost). Nothing before run() has attached them.
  void piece_lost(PieceIndex piece) {
    if (dispatcher_) dispatcher_->piece_lost(piece);
  }
  /// A peer this one introduced (PEX) could not be reached: the attached extensions hear
  /// of it (ExtensionPeer::on_introduced_peer_unreachable).
  void introduced_unreachable(const net::Endpoint& peer) {
    if (dispatcher_) dispatcher_->introduced_unreachable(peer);
  }

  /// Graceful close: no new messages; what is queued is written, then the connection ends
  /// with `why` (run() returns it). Before run() (or after), closes the stream at once.
  void close(std::error_code why = peer_errc::closed_by_us);
  /// close() was called, or the connection ended.
  [[nodiscard]] bool closing() const { return close_reason_.has_value(); }

  // The four flags of BEP 3, as of the last message sent or received.
  [[nodiscard]] bool am_choking() const { return am_choking_; }
  [[nodiscard]] bool am_interested() const { return am_interested_; }
  [[nodiscard]] bool peer_choking() const { return peer_choking_; }
  [[nodiscard]] bool peer_interested() const { return peer_interested_; }

  /// The peer's handshake.
  [[nodiscard]] const Handshake& peer_handshake() const { return theirs_; }
  /// Our handshake as sent.
  [[nodiscard]] const Handshake& our_handshake() const { return ours_; }
  /// Both sides set the bit: BEP 6 messages, BEP 10 extended messages allowed.
  [[nodiscard]] bool fast_enabled() const { return fast_; }
  [[nodiscard]] bool extensions_enabled() const { return extended_; }
  /// The peer's extension handshake, once it arrived (during run()).
  [[nodiscard]] const std::optional<ExtensionHandshake>& peer_extensions() const;
  /// The peer's client: "v" from its extension handshake, else from its peer id.
  [[nodiscard]] std::string client_name() const;
  [[nodiscard]] net::Endpoint remote() const { return remote_; }
  /// Our end of the connection (the address the peer reached us at, or dialled from).
  [[nodiscard]] net::Endpoint local() const { return local_; }
  [[nodiscard]] bool incoming() const { return incoming_; }
  [[nodiscard]] const std::optional<TorrentShape>& shape() const { return shape_; }

  /// Frames skipped because their message id is unknown (BEP 3: ignore them).
  [[nodiscard]] std::uint64_t unknown_messages() const { return unknown_messages_; }
  /// Extended messages ignored because no attached extension has their id.
  [[nodiscard]] std::uint64_t unknown_extended() const;

 private:
  PeerConnection(asio::any_io_executor executor, std::unique_ptr<net::Stream> stream,
                 PeerSettings settings, bool incoming);
  class ExtensionContext;
  class Inbox;  // pull-style messages (peer_connection_pull.cpp)

  // Handshake (peer_connection.cpp).
  Task<Result<void>> read_at_least(std::size_t n);
  Task<Result<void>> handshake_out(Handshake ours, std::optional<TorrentShape> shape);
  Task<Result<void>> handshake_in(LocalIdentity ours, TorrentLookup lookup);
  Result<void> read_peer_id();
  void end_handshake(std::error_code why);
  void publish_closed(std::error_code why);
  void publish_connected();
  void set_shape(std::optional<TorrentShape> shape);

  // Running (peer_connection_run.cpp).
  Task<std::error_code> reader();
  Task<std::error_code> writer();
  Task<std::error_code> watchdog();
  Task<Result<void>> handle_frame(std::span<const std::byte> body);
  Task<void> keep_for_receive(const Message& m);
  Task<void> run_pulled(std::vector<ExtensionSlot> extensions, TorrentView* torrent);
  Result<void> check_negotiated(const Message& m) const;
  void note_received(const Message& m);
  void queue_owned(const Message& m);
  Task<Result<void>> send_borrowed(std::vector<std::byte> head, std::span<const std::byte> body);
  void attach_extensions(std::span<const ExtensionSlot> extensions, TorrentView* torrent);
  void send_extension_handshake();

  asio::any_io_executor executor_;
  std::unique_ptr<net::Stream> stream_;
  PeerSettings settings_;
  bool incoming_;
  net::Endpoint remote_;
  net::Endpoint local_;
  Handshake ours_;
  Handshake theirs_;
  std::optional<TorrentShape> shape_;
  bool fast_ = false;
  bool extended_ = false;

  RecvBuffer rx_;
  Framer framer_;
  SendQueue queue_;
  std::optional<Dispatcher> dispatcher_;  // from run() on

  bool am_choking_ = true;
  bool am_interested_ = false;
  bool peer_choking_ = true;
  bool peer_interested_ = false;

  Clock::time_point last_received_;  // last complete message from the peer
  Clock::time_point last_sent_;      // last write completed
  std::optional<Clock::time_point> write_started_;  // a write in progress since
  std::optional<std::error_code> close_reason_;
  bool running_ = false;
  bool ended_ = false;
  bool connected_published_ = false;
  std::uint64_t unknown_messages_ = 0;
  std::size_t pieces_queued_ = 0;
  Condition piece_written_;  // notified when a queued PIECE is written
  std::unique_ptr<Inbox> inbox_;               // set by start_receiving()
  std::unique_ptr<net::TaskGroup> pull_task_;  // owns run() in pull-style use
};

}  // namespace corrent::wire
