#pragma once
// One torrent's disk: buffers the blocks of pieces in flight, hashes them on the disk
// pool as they arrive, writes each verified piece at once, serves uploads, and
// checks existing data. Everything it reports (piece verdicts, check progress) and every
// Task it returns resumes on the network executor; nothing here blocks that executor.
//
// Threading: call every member on the network executor. Each piece in flight has a strand
// of its own, so different pieces are hashed on every pool thread at once; writes,
// sync() and set_file_priorities() run on the torrent's strand, one at a time (buffered
// writes to one file serialise on its inode lock anyway); reads for uploads and checks run
// on any pool thread, so the Storage must allow reads beside a write.
//
// The way of one block (DESIGN.md): add_block() copies the block into its piece's buffer
// (one allocation per piece in flight; that copy is the only one) on the network executor
// and returns at once. Each time the piece's contiguous prefix grows, its strand feeds the
// new bytes to the piece's SHA-1, so the hash is done from memory as the piece arrives
// and nothing is read back. When the last block arrives the strand finishes the hash; on
// a pass it writes the whole piece with one writev and only then reports `passed`; on a
// fail it drops the buffer and reports `failed`.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <asio/any_io_executor.hpp>
#include "corrent/core/clock.hpp"
#include <asio/strand.hpp>
#include <asio/thread_pool.hpp>

#include "corrent/core/bitfield.hpp"
#include "corrent/core/condition.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/crypto/sha1.hpp"
#include "corrent/wire/block.hpp"
#include "corrent/metainfo/file_layout.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/storage/disk_pool.hpp"
#include "corrent/storage/storage.hpp"

namespace corrent::storage {

/// What became of a completed piece.
enum class PieceVerdict {
  passed,       ///< hash matched and the piece is written
  failed,       ///< hash mismatch; the buffer is dropped
  write_error,  ///< hash matched but the write failed (the error_code says why)
};

/// What became of a completed piece.
struct PieceOutcome {
  PieceIndex piece;
  PieceVerdict verdict = PieceVerdict::failed;
  std::error_code error;  ///< set only for write_error
  /// The SHA-1 of each block as received, in order: for a failed piece, and for a piece
  /// marked by TorrentDisk::want_block_digests(); else empty. What a smart ban compares
  /// (the blocks of a piece that failed against the same blocks once it passes).
  std::vector<crypto::Sha1Digest> block_digests;
};

class TorrentDisk {
 public:
  /// Called on the network executor for each completed piece.
  using PieceCallback = std::function<void(const PieceOutcome&)>;
  /// check() progress, (pieces done, pieces total), on the network executor; the count
  /// only goes up, and the last report before check() completes is (total, total).
  using ProgressCallback = std::function<void(std::uint32_t, std::uint32_t)>;

  /// Keeps a copy of `meta`'s layout and piece hashes. `network` is where results go.
  TorrentDisk(DiskPool& pool, asio::any_io_executor network, std::unique_ptr<Storage> storage,
              const metainfo::Metainfo& meta);
  /// Call (and await) stop() first.
  ~TorrentDisk();
  TorrentDisk(const TorrentDisk&) = delete;
  TorrentDisk& operator=(const TorrentDisk&) = delete;

  void set_piece_callback(PieceCallback cb);

  /// A block arrived: copies `data` into its piece's buffer and returns (never suspends).
  /// The block must start on a kBlockSize boundary and be kBlockSize long (the piece's
  /// last block: the rest of the piece): errc::bad_block otherwise, errc::out_of_bounds
  /// for a piece past the end, errc::stopped after stop(). A block already buffered is
  /// ignored (the verdict comes once per piece).
  Result<void> buffer_block(wire::BlockRef b, std::span<const std::byte> data);
  /// buffer_block() as a Task (the contract's form); `data` need only live until it returns.
  Task<Result<void>> add_block(wire::BlockRef b, std::span<const std::byte> data);

  /// The next outcome of `piece` carries its block digests, passed or not (a piece that
  /// failed, being fetched again). Costs one more SHA-1 pass over that piece.
  void want_block_digests(PieceIndex piece);

  /// Drops a partial piece buffer (the torrent paused, the piece given up).
  void abandon_piece(PieceIndex p);

  /// Reads one block for uploading, on a pool thread. errc::not_present if it is not stored.
  /// The block starts `headroom` bytes into the returned buffer (room for a message header,
  /// so the block is sent without another copy).
  Task<Result<std::vector<std::byte>>> read_block(wire::BlockRef b, std::size_t headroom = 0);
  /// read_block() of each of `blocks`, in one pool job (an uploader reads a run of a peer's
  /// requests at once: one thread hop, not one per block). Results in the same order.
  Task<std::vector<Result<std::vector<std::byte>>>> read_blocks(std::vector<wire::BlockRef> blocks,
                                                                 std::size_t headroom = 0);

  /// Hashes every piece whose bytes are present (on all pool threads, at most
  /// kCheckPiecesInFlight piece buffers at once) and returns the pieces that verify.
  /// Pieces set in `trusted` (same size as the piece count) are taken as had without
  /// reading. Absent data is "not had", not an error; other read errors fail the check.
  Task<Result<Bitfield>> check(ProgressCallback progress, std::optional<Bitfield> trusted = {});

  /// Storage::sync(): every write reported (a `passed` verdict) before the call is durable
  /// when it returns.
  Task<Result<void>> sync();

  /// Waits until no operation is under way: pieces being verified are written and
  /// reported, reads and syncs done. Once nothing queues more work (a stopping torrent's
  /// peers are gone), the files then stay as they are, so that resume data taken after it
  /// matches them. Returns early if the awaiting coroutine is cancelled.
  Task<void> settle();
  /// Storage::file_states(), on a pool thread (it stats files).
  Task<std::vector<FileState>> file_states();
  /// Storage::set_file_priorities() on the strand.
  Task<Result<void>> set_file_priorities(std::vector<std::uint8_t> prios);

  /// Storage::failed_path(): the file of the latest OS error, for messages (any thread).
  [[nodiscard]] std::filesystem::path failed_path() const { return storage_->failed_path(); }

  /// Bytes held in piece buffers, partial or being verified (for back-pressure).
  [[nodiscard]] std::uint64_t buffered_bytes() const { return buffered_bytes_; }
  /// Pieces with a buffer (partial or being verified).
  [[nodiscard]] std::uint32_t pieces_buffered() const;
  /// Bytes of complete pieces handed to the strand and not yet verified and written.
  [[nodiscard]] std::uint64_t write_backlog() const { return finishing_bytes_; }
  /// Waits until write_backlog() is at most `limit` (at once if it is, or once stopping):
  /// the readers' back-pressure when the disk falls behind the network.
  Task<void> wait_backlog_below(std::uint64_t limit);

  /// Drops partial pieces, cancels a running check, waits for the work already queued
  /// (pieces being verified are written and reported); after it returns nothing more runs
  /// and no callback is called.
  Task<void> stop();

 private:
  struct PieceJob;
  struct CheckState;
  using Strand = asio::strand<asio::any_io_executor>;

  /// The piece strand's part of a completed piece: finish the hash, compare, then write on
  /// the torrent's strand and report.
  void finish_piece(std::shared_ptr<PieceJob> job);
  /// Posts the verdict (and the buffer) back to the network executor.
  void report_piece(std::shared_ptr<PieceJob> job, PieceVerdict verdict, std::error_code ec);
  /// Back on the network executor after finish_piece().
  void piece_done(PieceOutcome outcome, std::uint32_t size, std::unique_ptr<std::byte[]> buffer);
  /// A piece buffer of `size` bytes: a recycled one when the size is the usual one.
  std::unique_ptr<std::byte[]> take_buffer(std::uint32_t size);
  static void check_step(std::shared_ptr<CheckState> state, std::unique_ptr<std::byte[]> buf);
  static void check_worker_done(const std::shared_ptr<CheckState>& state);
  /// One fewer operation in flight; wakes stop() when none is left.
  void op_done();
  Result<void> validate_block(const wire::BlockRef& b) const;

  DiskPool& pool_;
  asio::any_io_executor network_;
  Strand strand_;
  std::unique_ptr<Storage> storage_;
  metainfo::FileLayout layout_;
  std::string piece_hashes_;  // 20 bytes per piece

  // Network executor only.
  std::unordered_map<std::uint32_t, std::shared_ptr<PieceJob>> partial_;  // by piece
  std::unordered_set<std::uint32_t> digests_wanted_;  // pieces whose next outcome has them
  std::uint32_t finishing_ = 0;  // complete pieces being verified and written
  std::uint64_t finishing_bytes_ = 0;
  std::uint64_t buffered_bytes_ = 0;
  // Buffers of piece_length bytes kept for reuse: their pages stay mapped, so a new piece
  // costs no page faults, and the peak stays what the busiest moment needed.
  std::vector<std::unique_ptr<std::byte[]>> spare_buffers_;
  Condition backlog_;  // notified whenever the backlog shrinks
  PieceCallback piece_callback_;
  std::size_t pending_ = 0;  // operations whose completion has not come back yet
  bool stopping_ = false;
  bool stopped_ = false;
  Condition drained_;
  std::atomic<bool> cancel_{false};  // read by check workers
};

}  // namespace corrent::storage
