// Peer: the messages a peer sends us, and the driver that answers them.
#include "peer.hpp"

#include <algorithm>
#include <string>

#include <asio/experimental/awaitable_operators.hpp>

#include "corrent/engine/errc.hpp"
#include "corrent/engine/limits.hpp"
#include "corrent/engine/request_queue.hpp"
#include "corrent/engine/session_limits.hpp"
#include "corrent/net/peer_priority.hpp"
#include "corrent/wire/limits.hpp"
#include "listen_endpoint.hpp"
#include "torrent.hpp"

namespace corrent::engine {

namespace {
std::string_view to_view(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
}  // namespace

Peer::Peer(Torrent& torrent, PeerKey key, wire::PeerConnection::Ptr connection, std::string transport)
    : torrent_(torrent),
      key_(key),
      conn_(std::move(connection)),
      transport_(std::move(transport)),
      priority_(net::canonical_peer_priority(conn_->local(), conn_->remote())),
      pieces_(torrent.picker(), key),
      reqq_(wire::kDefaultPeerReqq),
      wake_(torrent.executor()),
      upload_wake_(torrent.executor()) {
  told_upload_only_ = conn_->says_upload_only();
}

Peer::~Peer() = default;

Task<std::error_code> Peer::run(std::vector<wire::ExtensionSlot> extensions) {
  using asio::experimental::awaitable_operators::operator||;
  co_await send_our_pieces();
  auto outcome = co_await (conn_->run(*this, std::move(extensions), &torrent_) || driver() || uploader());
  if (outcome.index() == 0) co_return std::get<0>(outcome);
  co_return std::error_code(errc::torrent_stopped);
}

Task<void> Peer::send_our_pieces() {
  const auto& have = pieces_.ours();
  if (conn_->fast_enabled() && have.none()) {
    (void)co_await conn_->send(wire::HaveNone{});
  } else if (conn_->fast_enabled() && have.all()) {
    (void)co_await conn_->send(wire::HaveAll{});
  } else if (!have.none()) {
    const std::string bytes = have.to_wire();
    const auto* data = reinterpret_cast<const std::byte*>(bytes.data());
    (void)co_await conn_->send(wire::Bitfield{std::span<const std::byte>(data, bytes.size())});
  }
}

void Peer::on_we_have(PieceIndex piece) {
  haves_.push_back(piece);
  wake_.notify();
}

void Peer::set_choked(bool choked) {
  if (choked == want_choked_) return;
  want_choked_ = choked;
  wake_.notify();
}

void Peer::cancel(BlockRef block) {
  cancels_.push_back(block);
  awaiting_answer_to_cancel(block);
  wake_.notify();
}

void Peer::awaiting_answer_to_cancel(BlockRef block) {
  if (awaiting_cancel_.size() >= kMaxAwaitingCancel) awaiting_cancel_.pop_front();
  awaiting_cancel_.push_back(block);
}

bool Peer::answered_cancel(BlockRef block) {
  const auto it = std::find(awaiting_cancel_.begin(), awaiting_cancel_.end(), block);
  if (it == awaiting_cancel_.end()) return false;
  awaiting_cancel_.erase(it);
  return true;
}

// --- messages from the peer ---

Result<void> Peer::on_choke() {
  // Without the fast extension a choke drops every request we had queued there; with it
  // the peer rejects each, but not every client does, so the blocks are freed either way.
  pieces_.choked();
  return {};
}

Result<void> Peer::on_unchoke() {
  pieces_.forgive_refusals();
  wake_.notify();
  return {};
}

Result<void> Peer::on_interested() {
  torrent_.on_peer_interested(key_);
  return {};
}

Result<void> Peer::on_not_interested() {
  wake_.notify();
  return {};
}

Result<void> Peer::on_have(PieceIndex piece) {
  if (!pieces_.add(piece)) return {};
  if (torrent_.seeding() && pieces_.is_seed()) return fail(errc::both_seeds);
  wake_.notify();
  return {};
}

std::optional<net::Endpoint> Peer::listen_endpoint() const { return listen_endpoint_of(*conn_); }

Result<void> Peer::on_dont_have(PieceIndex piece) {
  if (piece.value >= pieces_.has().size()) return fail(wire::errc::bad_piece_index);
  // Its requests there end by timeout or reject.
  if (pieces_.remove(piece)) wake_.notify();
  return {};
}

Result<void> Peer::on_bitfield(const wire::Bitfield& bits) {
  CORRENT_TRY(auto has, Bitfield::from_wire(to_view(bits.bits), pieces_.has().size()));
  if (torrent_.seeding() && has.all()) return fail(errc::both_seeds);
  pieces_.replace(std::move(has));
  wake_.notify();
  return {};
}

Result<void> Peer::on_have_all() {
  if (torrent_.seeding()) return fail(errc::both_seeds);
  pieces_.replace(Bitfield(pieces_.has().size(), true));
  wake_.notify();
  return {};
}

Result<void> Peer::on_have_none() {
  pieces_.replace(Bitfield(pieces_.has().size(), false));
  wake_.notify();
  return {};
}

void Peer::refuse(const wire::Request& r) {
  // BEP 6: with the fast extension every request gets an answer; without it, a request
  // we will not serve is dropped.
  if (!conn_->fast_enabled()) return;
  rejects_.push_back(wire::Reject{r.piece, r.begin, r.length});
  wake_.notify();
}

Result<void> Peer::on_request(const wire::Request& r) {
  const bool servable = pieces_.we_have(r.piece) && !want_choked_ &&
                        uploads_.size() < kMaxUploadQueue;
  if (!servable) {
    refuse(r);
    return {};
  }
  uploads_.push_back(r);
  upload_wake_.notify();
  return {};
}

Result<void> Peer::on_cancel(const wire::Cancel& c) {
  const auto it = std::find(uploads_.begin(), uploads_.end(), wire::Request{c.piece, c.begin, c.length});
  if (it != uploads_.end()) uploads_.erase(it);
  return {};
}

Result<void> Peer::on_reject(const wire::Reject& r) {
  // Rejects for the requests pending at a choke are BEP 6's rule; one while unchoked is a
  // refusal of that piece.
  const BlockRef block{r.piece, r.begin, r.length};
  // BEP 6: a peer answers our CANCEL with the block or a REJECT. That REJECT says nothing
  // about the piece; taken for a refusal, it would keep the piece from this peer until it
  // unchokes us anew (a stall when it is the only seed).
  if (answered_cancel(block)) return {};
  if (conn_->peer_choking()) {
    pieces_.rejected(block);
  } else {
    pieces_.refused(block);
  }
  wake_.notify();
  return {};
}

Result<void> Peer::on_allowed_fast(PieceIndex piece) {
  if (allowed_fast_.size() < 2 * wire::kAllowedFastSetSize &&
      std::find(allowed_fast_.begin(), allowed_fast_.end(), piece) == allowed_fast_.end()) {
    allowed_fast_.push_back(piece);
    wake_.notify();
  }
  return {};
}

Result<void> Peer::on_extension_handshake(const wire::ExtensionHandshake& theirs) {
  if (theirs.reqq) reqq_ = std::max<std::uint32_t>(1, *theirs.reqq);
  peer_upload_only_ = theirs.upload_only;
  if (theirs.yourip) torrent_.discovery().on_yourip(*theirs.yourip, endpoint());
  if (nothing_to_exchange()) return fail(errc::both_seeds);
  return {};
}

Result<void> Peer::on_port(std::uint16_t port) {
  torrent_.discovery().on_dht_port(endpoint(), port);
  return {};
}

bool Peer::nothing_to_exchange() const {
  return torrent_.seeding() && (is_seed() || peer_upload_only_);
}

Task<Result<void>> Peer::on_piece(const wire::Piece& piece) {
  const auto length = static_cast<std::uint32_t>(piece.block.size());
  const auto now = Clock::now();
  last_block_ = now;
  down_.add(length, now);
  torrent_.on_downloaded(length);
  const BlockRef block{piece.piece, piece.begin, length};
  (void)answered_cancel(block);  // it crossed our CANCEL
  auto received = pieces_.received(block);
  if (!received.accepted) {
    torrent_.on_wasted(length);
    wake_.notify();
    co_return Result<void>{};
  }
  torrent_.cancel_elsewhere(key_, received.also_requested, block);
  // Recorded before the disk sees the block: the piece's verdict may come back before the
  // add_block below resumes us.
  torrent_.on_block_accepted(key_, block);
  wake_.notify();  // room for another request
  auto added = torrent_.disk().buffer_block(block, piece.block);
  if (!added) {
    torrent_.fail(added.error(), "buffering a block of piece " + std::to_string(block.piece.value));
    co_return Result<void>{};
  }
  if (torrent_.disk().write_backlog() > kMaxWriteBacklog) {
    // The disk is behind: stop reading from this peer until it catches up.
    co_await torrent_.disk().wait_backlog_below(kMaxWriteBacklog / 2);
  }
  co_return Result<void>{};
}

}  // namespace corrent::engine
