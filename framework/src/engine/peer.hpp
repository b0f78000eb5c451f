#pragma once
// Peer: the engine's side of one connected peer. It is the connection's MessageHandler,
// and runs two coroutines beside the connection's own (joined by `||` in run(), so all end
// together): the driver, which sends what the torrent decided (HAVEs, CANCELs, choke
// changes, interest, and requests up to the peer's queue depth), and the uploader, which
// serves the peer's requests from disk.

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <system_error>
#include <vector>

#include "corrent/core/clock.hpp"
#include "corrent/core/bitfield.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/engine/block.hpp"
#include "corrent/engine/peer_pieces.hpp"
#include "corrent/engine/rate_meter.hpp"
#include "corrent/wire/message_handler.hpp"
#include "corrent/wire/peer_connection.hpp"
#include "wake.hpp"

namespace corrent::engine {

class Torrent;

class Peer final : public wire::MessageHandler {
 public:

  /// `transport`: the scheme of the transport the connection runs on ("tcp", "utp").
  Peer(Torrent& torrent, PeerKey key, wire::PeerConnection::Ptr connection, std::string transport);
  ~Peer() override;

  /// Sends our pieces, then runs the connection with the driver and the uploader until it
  /// ends; returns why. Call once.
  Task<std::error_code> run(std::vector<wire::ExtensionSlot> extensions);

  [[nodiscard]] PeerKey key() const { return key_; }
  [[nodiscard]] net::Endpoint endpoint() const { return conn_->remote(); }
  [[nodiscard]] bool incoming() const { return conn_->incoming(); }
  [[nodiscard]] const std::string& transport() const { return transport_; }
  /// BEP 40 priority of the connection (our end and theirs).
  [[nodiscard]] std::uint32_t priority() const { return priority_; }
  [[nodiscard]] bool closing() const { return conn_->closing(); }
  [[nodiscard]] bool is_seed() const { return pieces_.is_seed(); }
  [[nodiscard]] bool has_piece(PieceIndex p) const { return p.value < pieces_.has().size() && pieces_.has().test(p); }
  /// Where the peer accepts connections (for PEX): the remote end of an outgoing
  /// connection, or an incoming one's address with the "p" of its extension handshake.
  [[nodiscard]] std::optional<net::Endpoint> listen_endpoint() const;
  [[nodiscard]] bool upload_only() const { return peer_upload_only_; }
  /// Neither side wants anything from the other: we only seed, and it is a seed or says
  /// it only uploads (BEP 21).
  [[nodiscard]] bool nothing_to_exchange() const;
  [[nodiscard]] bool peer_interested() const { return conn_->peer_interested(); }
  [[nodiscard]] bool unchoked() const { return !want_choked_; }
  [[nodiscard]] std::uint64_t download_rate(Clock::time_point now) const { return down_.rate(now); }
  [[nodiscard]] std::uint64_t upload_rate(Clock::time_point now) const { return up_.rate(now); }

  /// We verified `piece`: tell the peer.
  void on_we_have(PieceIndex piece);
  /// `piece` is gone from our disk: the extensions tell the peer (lt_donthave).
  void on_we_lost(PieceIndex piece) { conn_->piece_lost(piece); }
  /// A peer this one introduced (PEX) could not be reached: its extensions hear of it.
  void on_introduced_unreachable(const net::Endpoint& peer) { conn_->introduced_unreachable(peer); }
  /// The choker's decision; the driver sends CHOKE or UNCHOKE if it changes anything.
  void set_choked(bool choked);
  /// Another peer delivered `block` first (end-game): send CANCEL.
  void cancel(BlockRef block);
  /// What we want changed (file priorities): is the peer interesting now?
  void recount_interest() {
    (void)pieces_.recount_interest();
    wake_.notify();
  }
  /// Something changed (pieces, state): the driver looks again.
  void wake() { wake_.notify(); }
  /// We now only seed, or want pieces again (BEP 21 upload_only): the driver tells the
  /// peer, after the HAVEs still to send (libtorrent closes an upload-only peer it is not
  /// interested in, so the HAVE that makes it interested must come first).
  void set_upload_only(bool on) {
    upload_only_due_ = on;
    wake_.notify();
  }
  /// We said "upload_only" on this connection at some time: a seed that closes it may have
  /// done so for that alone.
  [[nodiscard]] bool told_upload_only() const { return told_upload_only_; }
  /// Ends the connection, recording `why`.
  void close(std::error_code why) { conn_->close(why); }

  // MessageHandler.
  Result<void> on_choke() override;
  Result<void> on_unchoke() override;
  Result<void> on_interested() override;
  Result<void> on_not_interested() override;
  Result<void> on_have(PieceIndex piece) override;
  Result<void> on_bitfield(const wire::Bitfield& bits) override;
  Result<void> on_have_all() override;
  Result<void> on_have_none() override;
  Result<void> on_request(const wire::Request& r) override;
  Result<void> on_cancel(const wire::Cancel& c) override;
  Result<void> on_reject(const wire::Reject& r) override;
  Result<void> on_allowed_fast(PieceIndex piece) override;
  Task<Result<void>> on_piece(const wire::Piece& piece) override;
  /// Its "yourip" goes to discovery (TorrentDiscovery::on_yourip).
  Result<void> on_extension_handshake(const wire::ExtensionHandshake& theirs) override;
  /// BEP 5: the peer's DHT node, passed to discovery.
  Result<void> on_port(std::uint16_t port) override;
  Result<void> on_dont_have(PieceIndex piece) override;

 private:
  Task<void> send_our_pieces();
  Task<void> driver();
  Task<Result<void>> drive_once();
  Task<Result<void>> update_interest(bool full_check);
  Task<Result<void>> fill_requests();
  Task<Result<void>> check_request_timeout();
  Task<void> uploader();
  void refuse(const wire::Request& r);

  Torrent& torrent_;
  PeerKey key_;
  wire::PeerConnection::Ptr conn_;
  std::string transport_;
  std::uint32_t priority_;
  PeerPieces pieces_;            // its pieces and our requests, as the picker counts them
  bool peer_upload_only_ = false;  // its extension handshake said upload_only (BEP 21)
  std::uint32_t reqq_;           // the peer's "reqq"
  std::vector<PieceIndex> allowed_fast_;

  Wake wake_;
  std::deque<PieceIndex> haves_;             // to send
  std::optional<bool> upload_only_due_;      // to send, after haves_
  bool told_upload_only_ = false;            // see told_upload_only()
  std::vector<BlockRef> cancels_;            // to send
  // CANCELs sent whose answer (the PIECE, or under BEP 6 a REJECT) has not come: a REJECT
  // of one is that answer, not a refusal of its piece. The oldest are forgotten past
  // kMaxAwaitingCancel (a peer that never answers cancels).
  std::deque<BlockRef> awaiting_cancel_;
  static constexpr std::size_t kMaxAwaitingCancel = 2 * kMaxRequestQueue;
  void awaiting_answer_to_cancel(BlockRef block);
  bool answered_cancel(BlockRef block);
  std::vector<wire::Reject> rejects_;        // to send (fast extension)
  bool want_choked_ = true;                  // the choker's decision
  Clock::time_point last_block_{};           // last block received, or first request sent

  Wake upload_wake_;
  std::deque<wire::Request> uploads_;        // the peer's requests, in order
  RateMeter down_, up_;
};

}  // namespace corrent::engine
