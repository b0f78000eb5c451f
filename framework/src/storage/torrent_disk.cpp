#include "corrent/storage/torrent_disk.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include <asio/cancellation_state.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>
#include <asio/this_coro.hpp>

#include "corrent/core/run_on.hpp"
#include "corrent/crypto/sha1.hpp"
#include "corrent/storage/error.hpp"
#include "corrent/storage/limits.hpp"
#include "corrent/wire/limits.hpp"

namespace corrent::storage {

using wire::BlockRef;
using wire::kBlockSize;

/// A piece in flight. The network executor owns `received`, `blocks_left` and
/// `contiguous`; the piece's own strand owns `sha` and `hashed`. Each piece has a strand of
/// its own, so different pieces are hashed on every pool thread at once while one piece's
/// hash is still fed in order; the writes then go through the torrent's strand. The bytes of `data` are written once,
/// on the network executor, before the post that hands them to the strand.
struct TorrentDisk::PieceJob {
  explicit PieceJob(const asio::any_io_executor& pool) : strand(asio::make_strand(pool)) {}
  Strand strand;
  PieceIndex piece;
  std::uint32_t size = 0;
  std::unique_ptr<std::byte[]> data;
  std::vector<bool> received;
  std::uint32_t blocks_left = 0;
  std::uint32_t contiguous = 0;  // bytes of the received prefix
  crypto::Sha1 sha;
  std::uint32_t hashed = 0;
  bool want_digests = false;  // digests_wanted_ held the piece when the job began
  std::vector<crypto::Sha1Digest> block_digests;

  /// On the strand, once every byte is in: the SHA-1 of each block.
  void digest_blocks() {
    block_digests.clear();
    for (std::uint32_t at = 0; at < size; at += kBlockSize) {
      const auto length = std::min(kBlockSize, size - at);
      crypto::Sha1 block;
      block.update(std::span<const std::byte>(data.get() + at, length));
      block_digests.push_back(block.finish());
    }
  }

  /// On the strand: feeds bytes [hashed, upto) to the hash.
  void hash_to(std::uint32_t upto) {
    if (upto <= hashed) return;
    sha.update(std::span<const std::byte>(data.get() + hashed, upto - hashed));
    hashed = upto;
  }
};

TorrentDisk::TorrentDisk(DiskPool& pool, asio::any_io_executor network,
                         std::unique_ptr<Storage> storage, const metainfo::Metainfo& meta)
    : pool_(pool), network_(std::move(network)), strand_(asio::make_strand(pool.executor())),
      storage_(std::move(storage)), layout_(meta.layout), piece_hashes_(meta.piece_hashes),
      backlog_(network_),
      drained_(network_) {}

TorrentDisk::~TorrentDisk() = default;

void TorrentDisk::set_piece_callback(PieceCallback cb) { piece_callback_ = std::move(cb); }

void TorrentDisk::want_block_digests(PieceIndex piece) {
  digests_wanted_.insert(piece.value);
  if (const auto it = partial_.find(piece.value); it != partial_.end()) it->second->want_digests = true;
}

std::uint32_t TorrentDisk::pieces_buffered() const {
  return static_cast<std::uint32_t>(partial_.size()) + finishing_;
}

Result<void> TorrentDisk::validate_block(const BlockRef& b) const {
  if (stopping_) return fail(errc::stopped);
  const std::uint32_t size = layout_.piece_size(b.piece);
  if (size == 0) return fail(errc::out_of_bounds);
  if (b.offset % kBlockSize != 0 || b.offset >= size) return fail(errc::bad_block);
  if (b.length != std::min(kBlockSize, size - b.offset)) return fail(errc::bad_block);
  return {};
}

Result<void> TorrentDisk::buffer_block(BlockRef b, std::span<const std::byte> data) {
  CORRENT_TRY_VOID(validate_block(b));
  if (data.size() != b.length) return fail(errc::bad_block);
  auto& slot = partial_[b.piece.value];
  if (!slot) {
    slot = std::make_shared<PieceJob>(pool_.executor());
    slot->piece = b.piece;
    slot->size = layout_.piece_size(b.piece);
    slot->data = take_buffer(slot->size);
    const std::uint32_t blocks = (slot->size + kBlockSize - 1) / kBlockSize;
    slot->received.assign(blocks, false);
    slot->blocks_left = blocks;
    slot->want_digests = digests_wanted_.contains(b.piece.value);
    buffered_bytes_ += slot->size;
  }
  const auto job = slot;
  const std::uint32_t index = b.offset / kBlockSize;
  if (job->received[index]) return {};  // a duplicate: never rewrite bytes being hashed
  std::memcpy(job->data.get() + b.offset, data.data(), data.size());
  job->received[index] = true;
  --job->blocks_left;
  const std::uint32_t before = job->contiguous;
  while (job->contiguous < job->size && job->received[job->contiguous / kBlockSize]) {
    job->contiguous = std::min(job->size, job->contiguous + kBlockSize);
  }
  if (job->blocks_left == 0) {
    partial_.erase(b.piece.value);
    ++finishing_;
    finishing_bytes_ += job->size;
    ++pending_;
    asio::post(job->strand, [this, job] { finish_piece(job); });
  } else if (job->contiguous > before) {
    asio::post(job->strand, [job, upto = job->contiguous] { job->hash_to(upto); });
  }
  return {};
}

Task<Result<void>> TorrentDisk::add_block(BlockRef b, std::span<const std::byte> data) {
  co_return buffer_block(b, data);
}

void TorrentDisk::finish_piece(std::shared_ptr<PieceJob> job) {
  job->hash_to(job->size);
  const auto digest = job->sha.finish();
  const auto expected = std::string_view(piece_hashes_).substr(job->piece.value * 20u, 20);
  const bool passed = digest.view() == expected;
  if (!passed || job->want_digests) job->digest_blocks();
  if (!passed) {
    report_piece(std::move(job), PieceVerdict::failed, {});
    return;
  }
  // Writes go one at a time, on the torrent's strand: buffered writes to one file take
  // its inode lock, and two threads writing at once only spin on it.
  asio::post(strand_, [this, job = std::move(job)]() mutable {
    const std::span<const std::byte> whole[] = {{job->data.get(), job->size}};
    const auto written = storage_->writev(job->piece, 0, whole);
    report_piece(std::move(job), written ? PieceVerdict::passed : PieceVerdict::write_error,
                 written ? std::error_code{} : written.error());
  });
}

void TorrentDisk::report_piece(std::shared_ptr<PieceJob> job, PieceVerdict verdict, std::error_code ec) {
  // The buffer goes back to the network executor, which recycles it.
  PieceOutcome outcome{job->piece, verdict, ec, std::move(job->block_digests)};
  asio::post(network_, [this, outcome = std::move(outcome), size = job->size, buffer = std::move(job->data),
                        work = asio::make_work_guard(network_)]() mutable {
    piece_done(std::move(outcome), size, std::move(buffer));
  });
}

std::unique_ptr<std::byte[]> TorrentDisk::take_buffer(std::uint32_t size) {
  if (size == layout_.piece_length() && !spare_buffers_.empty()) {
    auto buffer = std::move(spare_buffers_.back());
    spare_buffers_.pop_back();
    return buffer;
  }
  return std::make_unique_for_overwrite<std::byte[]>(size);
}

Task<void> TorrentDisk::wait_backlog_below(std::uint64_t limit) {
  (void)co_await backlog_.wait_until([this, limit] { return finishing_bytes_ <= limit || stopping_; });
}

void TorrentDisk::piece_done(PieceOutcome outcome, std::uint32_t size, std::unique_ptr<std::byte[]> buffer) {
  --finishing_;
  finishing_bytes_ -= size;
  buffered_bytes_ -= size;
  backlog_.notify_all();
  const bool room = spare_buffers_.empty() ||
                    (spare_buffers_.size() + 1) * std::uint64_t{size} <= kMaxSpareBufferBytes;
  if (buffer && size == layout_.piece_length() && room) {
    spare_buffers_.push_back(std::move(buffer));
  }
  if (outcome.verdict == PieceVerdict::passed) digests_wanted_.erase(outcome.piece.value);
  if (piece_callback_ && !stopped_) piece_callback_(outcome);
  op_done();
}

void TorrentDisk::abandon_piece(PieceIndex p) {
  const auto it = partial_.find(p.value);
  if (it == partial_.end()) return;
  buffered_bytes_ -= it->second->size;
  partial_.erase(it);  // hash posts still queued keep the job alive until they ran
}

void TorrentDisk::op_done() {
  --pending_;
  if (pending_ == 0) drained_.notify_all();  // stop() and settle() wait for it
}

Task<Result<std::vector<std::byte>>> TorrentDisk::read_block(BlockRef b, std::size_t headroom) {
  CORRENT_CO_TRY_VOID(validate_block(b));
  ++pending_;
  auto result = co_await pool_.run(
                                        [this, b, headroom]() -> Result<std::vector<std::byte>> {
    std::vector<std::byte> out(headroom + b.length);
    CORRENT_TRY_VOID(storage_->read(b.piece, b.offset, std::span(out).subspan(headroom)));
    return out;
  });
  op_done();
  co_return result;
}

Task<std::vector<Result<std::vector<std::byte>>>> TorrentDisk::read_blocks(
    std::vector<BlockRef> blocks, std::size_t headroom) {
  using One = Result<std::vector<std::byte>>;
  std::vector<One> out(blocks.size(), One{});
  std::vector<bool> valid(blocks.size(), false);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    auto ok = validate_block(blocks[i]);
    valid[i] = ok.has_value();
    if (!ok) out[i] = tl::make_unexpected(ok.error());
  }
  ++pending_;
  auto read = [this, &blocks, &valid, &out, headroom] {
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      if (!valid[i]) continue;
      std::vector<std::byte> buffer(headroom + blocks[i].length);
      auto got = storage_->read(blocks[i].piece, blocks[i].offset, std::span(buffer).subspan(headroom));
      out[i] = got ? One(std::move(buffer)) : One(tl::make_unexpected(got.error()));
    }
    return 0;
  };
  // The frame's locals outlive the pool job: this coroutine waits for it.
  (void)co_await pool_.run(std::move(read));
  op_done();
  co_return out;
}

Task<Result<void>> TorrentDisk::sync() {
  if (stopped_) co_return fail(errc::stopped);
  ++pending_;
  auto result = co_await run_on(strand_, [this] { return storage_->sync(); });
  op_done();
  co_return result;
}

Task<void> TorrentDisk::settle() {
  (void)co_await drained_.wait_until([this] { return pending_ == 0; });
}

Task<std::vector<FileState>> TorrentDisk::file_states() {
  if (stopped_) co_return std::vector<FileState>{};
  ++pending_;
  auto result =
      co_await pool_.run([this] { return storage_->file_states(); });
  op_done();
  co_return result;
}

Task<Result<void>> TorrentDisk::set_file_priorities(std::vector<std::uint8_t> prios) {
  if (stopping_) co_return fail(errc::stopped);
  ++pending_;
  // The job points at `prios` (it lives in this frame until the job is done) instead of
  // moving it into an init-capture: under GCC 12 this frame's `prios` still owned, and
  // freed, the buffer the capture had taken, and the storage kept a freed pointer
  // (valgrind, on the first call of this function: a SessionView test).
  auto result = co_await run_on(strand_, [this, p = &prios] { return storage_->set_file_priorities(std::move(*p)); });
  op_done();
  co_return result;
}

Task<void> TorrentDisk::stop() {
  if (stopped_) co_return;
  stopping_ = true;
  cancel_.store(true);
  backlog_.notify_all();
  for (const auto& [piece, job] : partial_) buffered_bytes_ -= job->size;
  partial_.clear();
  // Pieces being finished are counted in pending_; queued hash feeds hold their own job.
  // Not cancellable: the pieces in flight hold buffers and callbacks into this object, so
  // the caller's cancellation is ignored from here on (stopping is not undone).
  if (pending_ > 0) co_await asio::this_coro::reset_cancellation_state(asio::disable_cancellation());
  while (pending_ > 0) (void)co_await drained_.wait();
  stopped_ = true;
  piece_callback_ = nullptr;
}

}  // namespace corrent::storage
