// Peer: the driver (what we send on our own initiative) and the uploader.
#include <algorithm>
#include <utility>

#include "corrent/engine/errc.hpp"
#include "corrent/engine/limits.hpp"
#include "corrent/engine/request_queue.hpp"
#include "corrent/engine/session_limits.hpp"
#include "corrent/storage/error.hpp"
#include "corrent/wire/codec.hpp"
#include "peer.hpp"
#include "torrent.hpp"

namespace corrent::engine {

namespace {
// The driver looks at the peer at least this often even when nothing woke it: request
// time-outs are checked then.
constexpr std::chrono::milliseconds kDriverTick{500};
}  // namespace

Task<void> Peer::driver() {
  while (co_await wake_.wait(kDriverTick)) {
    if (auto done = co_await drive_once(); !done) conn_->close(done.error());
  }
}

Task<Result<void>> Peer::drive_once() {
  // Control messages first, so that a CANCEL or CHOKE is not stuck behind new requests.
  while (!haves_.empty()) {
    const PieceIndex piece = haves_.front();
    haves_.pop_front();
    // A peer that has the piece needs no HAVE (libtorrent's send_redundant_have off).
    if (!pieces_.has().test(piece)) CORRENT_CO_TRY_VOID(co_await conn_->send(wire::Have{piece}));
  }
  if (const auto due = std::exchange(upload_only_due_, std::nullopt)) {
    conn_->set_upload_only(*due);
    told_upload_only_ = told_upload_only_ || *due;
  }
  for (auto cancels = std::exchange(cancels_, {}); const auto& b : cancels) {
    CORRENT_CO_TRY_VOID(co_await conn_->send(wire::Cancel{b.piece, b.offset, b.length}));
  }
  for (auto rejects = std::exchange(rejects_, {}); const auto& r : rejects) {
    CORRENT_CO_TRY_VOID(co_await conn_->send(r));
  }
  if (want_choked_ != conn_->am_choking()) {
    if (want_choked_) {
      // Requests queued before the choke are not served (fast extension: rejected).
      for (const auto& r : uploads_) refuse(r);
      uploads_.clear();
      CORRENT_CO_TRY_VOID(co_await conn_->send(wire::Choke{}));
      for (auto rejects = std::exchange(rejects_, {}); const auto& r : rejects) {
        CORRENT_CO_TRY_VOID(co_await conn_->send(r));
      }
    } else {
      CORRENT_CO_TRY_VOID(co_await conn_->send(wire::Unchoke{}));
    }
  }
  if (nothing_to_exchange()) co_return fail(errc::both_seeds);
  CORRENT_CO_TRY_VOID(co_await check_request_timeout());
  CORRENT_CO_TRY_VOID(co_await fill_requests());
  co_return Result<void>{};
}

Task<Result<void>> Peer::update_interest(bool full_check) {
  if (full_check && torrent_.downloading()) (void)pieces_.recount_interest();
  const bool want = pieces_.interesting() && torrent_.downloading();
  if (want != conn_->am_interested()) {
    if (want) {
      CORRENT_CO_TRY_VOID(co_await conn_->send(wire::Interested{}));
    } else {
      CORRENT_CO_TRY_VOID(co_await conn_->send(wire::NotInterested{}));
    }
  }
  co_return Result<void>{};
}

Task<Result<void>> Peer::fill_requests() {
  if (!torrent_.downloading()) co_return co_await update_interest(false);
  CORRENT_CO_TRY_VOID(co_await update_interest(false));
  if (!conn_->am_interested()) co_return Result<void>{};
  if (conn_->peer_choking() && allowed_fast_.empty()) co_return Result<void>{};
  const auto now = Clock::now();
  const std::size_t depth = request_queue_depth(down_.rate(now), reqq_);
  const std::size_t outstanding = pieces_.outstanding();
  if (outstanding >= depth) co_return Result<void>{};
  const auto blocks = pieces_.pick(depth - outstanding, allowed_fast_, conn_->peer_choking());
  if (blocks.empty()) {
    // Nothing left to ask this peer for: are we still interested at all?
    if (outstanding == 0) CORRENT_CO_TRY_VOID(co_await update_interest(true));
    co_return Result<void>{};
  }
  if (outstanding == 0) last_block_ = now;  // the request time-out counts from here
  for (const auto& b : blocks) {
    CORRENT_CO_TRY_VOID(co_await conn_->send(wire::Request{b.piece, b.offset, b.length}));
  }
  co_return Result<void>{};
}

Task<Result<void>> Peer::check_request_timeout() {
  const auto now = Clock::now();
  const auto timeout = torrent_.settings().request_timeout;
  if (pieces_.outstanding() == 0 || now - last_block_ < timeout) co_return Result<void>{};
  // Snubbed: hand its blocks to others, and tell it we no longer want them.
  last_block_ = now;
  for (const auto& b : pieces_.take_back_requests()) {
    awaiting_answer_to_cancel(b);
    CORRENT_CO_TRY_VOID(co_await conn_->send(wire::Cancel{b.piece, b.offset, b.length}));
  }
  torrent_.wake_peers();
  co_return Result<void>{};
}

Task<void> Peer::uploader() {
  std::vector<wire::Request> batch;
  std::vector<BlockRef> blocks;
  for (;;) {
    // Blocks already queued on the connection keep the socket busy while the next are
    // read; a few are enough, and they bound the memory an uploading peer holds.
    co_await conn_->wait_for_piece_room(kUploadBlocksQueued);
    while (uploads_.empty()) {
      if (!co_await upload_wake_.wait(std::chrono::seconds(5))) co_return;
    }
    batch.clear();
    blocks.clear();
    while (!uploads_.empty() && batch.size() < kUploadReadBatch) {
      batch.push_back(uploads_.front());
      blocks.push_back(BlockRef{batch.back().piece, batch.back().begin, batch.back().length});
      uploads_.pop_front();
    }
    auto data = co_await torrent_.disk().read_blocks(blocks, wire::kPieceHeaderSize);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& r = batch[i];
      if (!data[i]) {
        // Bytes we had are gone (a file cut or deleted under us): fetched again.
        if (data[i].error() == std::error_code(storage::errc::not_present)) torrent_.on_piece_lost(r.piece);
        refuse(r);
        continue;
      }
      // The peer may have been choked while the disk read it: the rest is not served.
      if (want_choked_ || conn_->am_choking()) {
        for (std::size_t j = i; j < batch.size(); ++j) refuse(batch[j]);
        break;
      }
      if (auto sent = co_await conn_->send_piece(r.piece, r.begin, std::move(*data[i])); !sent) {
        // The connection ended; run() returns its reason. Wait to be cancelled.
        while (co_await upload_wake_.wait(std::chrono::seconds(5))) {}
        co_return;
      }
      up_.add(r.length, Clock::now());
      torrent_.on_uploaded(r.length);
    }
  }
}

}  // namespace corrent::engine
