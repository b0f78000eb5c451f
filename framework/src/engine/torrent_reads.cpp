// What a Service reaches through SessionView: byte-range reads that wait for verified
// pieces, piece deadlines, and file priorities changed while the torrent runs.

#include <algorithm>

#include "corrent/engine/errc.hpp"
#include "corrent/engine/limits.hpp"
#include "corrent/view/limits.hpp"
#include "peer.hpp"
#include "torrent.hpp"

namespace corrent::engine {

namespace {

// A deadline for the picker: smaller is sooner, so milliseconds on Clock.
std::uint64_t deadline_in(std::chrono::milliseconds due) {
  const auto at = Clock::now() + std::max(due, std::chrono::milliseconds{0});
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count());
}

}  // namespace

// Counts a service's call in progress (a read, a priority change), so that stop() waits
// for it before the disk queue goes.
class Torrent::CallGuard {
 public:
  explicit CallGuard(Torrent& t) : t_(t) { ++t_.active_calls_; }
  ~CallGuard() {
    --t_.active_calls_;
    t_.pieces_changed_.notify_all();
  }
  CallGuard(const CallGuard&) = delete;
  CallGuard& operator=(const CallGuard&) = delete;

 private:
  Torrent& t_;
};

std::optional<metainfo::FileLayout> Torrent::files() const {
  if (!has_metadata_) return std::nullopt;
  return meta_.layout;
}

bool Torrent::readable() const { return has_metadata_ && disk_ != nullptr; }

bool Torrent::gone() const { return stopped_ || lifecycle_.failed(); }

Task<Result<std::vector<std::byte>>> Torrent::read_range(std::uint64_t offset, std::size_t length) {
  if (length > kMaxReadLength) co_return corrent::fail(errc::read_too_long);
  const CallGuard guard(*this);
  // A magnet link: the range is known once the metadata has come and the storage is open.
  const bool opened = co_await pieces_changed_.wait_until([this] { return gone() || readable(); });
  if (!opened) co_return corrent::fail(asio::error::operation_aborted);
  if (gone()) co_return corrent::fail(errc::torrent_stopped);
  const auto& layout = meta_.layout;
  if (offset > layout.total_size() || length > layout.total_size() - offset) co_return corrent::fail(errc::bad_range);
  if (length == 0) co_return std::vector<std::byte>{};
  const PieceIndex first{static_cast<std::uint32_t>(offset / layout.piece_length())};
  const PieceIndex last{static_cast<std::uint32_t>((offset + length - 1) / layout.piece_length())};

  picker_.on_read(first, last);  // a streaming order reads ahead from here
  // Each missing piece gets the soonest deadline (ties go by index: the range in order).
  const auto deadline = deadline_in(std::chrono::milliseconds{0});
  bool asked = false;
  for (PieceIndex p = first; p <= last; ++p) {
    if (picker_.have(p)) continue;
    if (picker_.piece_priority(p) == 0) co_return corrent::fail(errc::range_not_wanted);
    picker_.set_deadline(p, deadline);
    expedite(p);
    asked = true;
  }
  if (asked) wake_peers();
  // Done when every piece is had; also when one of the rest is no longer wanted (its
  // file's priority went to 0 meanwhile), or the torrent went.
  const auto settled = [this, first, last] {
    if (gone()) return true;
    for (PieceIndex p = first; p <= last; ++p) {
      if (!picker_.have(p)) return picker_.piece_priority(p) == 0;
    }
    return true;
  };
  const bool woken = co_await pieces_changed_.wait_until(settled);
  if (!woken) co_return corrent::fail(asio::error::operation_aborted);
  if (gone()) co_return corrent::fail(errc::torrent_stopped);
  for (PieceIndex p = first; p <= last; ++p) {
    if (!picker_.have(p)) co_return corrent::fail(errc::range_not_wanted);
  }
  co_return co_await read_verified(offset, length);
}

// Reads whole blocks (the disk queue reads nothing else) and keeps the range's bytes.
Task<Result<std::vector<std::byte>>> Torrent::read_verified(std::uint64_t offset, std::size_t length) {
  const auto& layout = meta_.layout;
  const std::uint64_t end = offset + length;
  std::vector<BlockRef> blocks;
  std::vector<std::uint64_t> starts;  // each block's offset in the torrent
  for (std::uint64_t at = offset - offset % kBlockSize; at < end;) {
    const PieceIndex p{static_cast<std::uint32_t>(at / layout.piece_length())};
    const auto in_piece = static_cast<std::uint32_t>(at % layout.piece_length());
    const std::uint32_t size = std::min(kBlockSize, layout.piece_size(p) - in_piece);
    blocks.push_back(BlockRef{p, in_piece, size});
    starts.push_back(at);
    at += size;
  }
  auto read = co_await disk_->read_blocks(std::move(blocks));
  std::vector<std::byte> out(length);
  for (std::size_t i = 0; i < read.size(); ++i) {
    if (!read[i]) co_return tl::make_unexpected(read[i].error());
    const auto& bytes = *read[i];
    const std::uint64_t from = std::max(offset, starts[i]);
    const std::uint64_t to = std::min(end, starts[i] + bytes.size());
    std::copy(bytes.begin() + static_cast<std::ptrdiff_t>(from - starts[i]),
              bytes.begin() + static_cast<std::ptrdiff_t>(to - starts[i]),
              out.begin() + static_cast<std::ptrdiff_t>(from - offset));
  }
  co_return out;
}

// A reader waits for `p` and nobody fetches it yet (a seek): the peers that have it serve
// requests in the order they came, so their queues of pieces without a deadline would
// come first, seconds of them at a slow peer. Those requests are cancelled; the peers are
// then asked for the deadline pieces first, and for the rest after.
void Torrent::expedite(PieceIndex p) {
  if (picker_.have(p) || picker_.in_flight(p)) return;
  (void)withdraw_requests([p](const Peer& peer) { return peer.has_piece(p); },
                          [this](const BlockRef& b) { return !picker_.has_deadline(b.piece); });
}

std::size_t Torrent::withdraw_requests(const std::function<bool(const Peer&)>& at,
                                       const std::function<bool(const BlockRef&)>& which) {
  std::size_t cancelled = 0;
  for (auto& [key, peer] : peers_) {
    if (!at(*peer)) continue;
    for (const BlockRef& b : picker_.requests_of(key)) {
      if (!which(b)) continue;
      picker_.on_request_cancelled(key, b);
      peer->cancel(b);
      ++cancelled;
    }
  }
  return cancelled;
}

Result<void> Torrent::set_piece_deadline(PieceIndex piece, std::chrono::milliseconds due) {
  if (!has_metadata_ || piece.value >= meta_.layout.piece_count()) return corrent::fail(errc::bad_range);
  picker_.set_deadline(piece, deadline_in(due));
  wake_peers();
  return {};
}

Result<std::size_t> Torrent::clear_piece_deadlines(PieceIndex first, PieceIndex last) {
  if (!has_metadata_ || first > last || last.value >= meta_.layout.piece_count()) {
    return corrent::fail(errc::bad_range);
  }
  for (PieceIndex p = first; p <= last; ++p) picker_.clear_deadline(p);
  const std::size_t cancelled = withdraw_requests(
      [](const Peer&) { return true; }, [first, last](const BlockRef& b) { return b.piece >= first && b.piece <= last; });
  if (cancelled > 0) wake_peers();  // the bandwidth goes to the pieces still asked for
  return cancelled;
}

Task<Result<void>> Torrent::set_file_priorities(std::vector<std::uint8_t> priorities) {
  if (!readable() || priorities.size() != meta_.layout.files().size() ||
      std::any_of(priorities.begin(), priorities.end(), [](auto p) { return p > kMaxPiecePriority; })) {
    co_return corrent::fail(errc::bad_priorities);
  }
  if (gone()) co_return corrent::fail(errc::torrent_stopped);
  const CallGuard guard(*this);
  CORRENT_CO_TRY_VOID(co_await disk_->set_file_priorities(priorities));
  if (gone()) co_return corrent::fail(errc::torrent_stopped);  // stopped while the disk worked
  file_priorities_ = std::move(priorities);
  piece_overrides_.clear();  // the files decide again
  apply_priorities();
  on_wanted_changed();
  co_return Result<void>{};
}

// A wanted piece in a file the storage skips (priority 0) raises that file to 1 first: a
// skipped file is never created, and the piece's bytes would have nowhere to go.
Task<Result<void>> Torrent::set_piece_priorities(PieceIndex first, PieceIndex last, std::uint8_t priority) {
  if (priority > kMaxPiecePriority) co_return corrent::fail(errc::bad_priorities);
  if (!readable() || first.value > last.value || last.value >= meta_.layout.piece_count()) {
    co_return corrent::fail(errc::bad_range);
  }
  if (gone()) co_return corrent::fail(errc::torrent_stopped);
  auto files = file_priorities_;
  bool raised = false;
  for (PieceIndex p = first; priority > 0 && p.value <= last.value; ++p) {
    for (const auto& slice : meta_.layout.map_block(p, 0, meta_.layout.piece_size(p))) {
      auto& file = files[slice.file.value];
      if (file == 0 && !meta_.layout.files()[slice.file.value].pad) {
        file = 1;
        raised = true;
      }
    }
  }
  if (piece_overrides_.empty()) piece_overrides_.assign(meta_.layout.piece_count(), -1);
  if (raised) {
    const CallGuard guard(*this);
    CORRENT_CO_TRY_VOID(co_await disk_->set_file_priorities(files));
    if (gone()) co_return corrent::fail(errc::torrent_stopped);  // stopped while the disk worked
    // The raised files must not make their other pieces wanted: every piece keeps what it
    // has now, and only the range changes.
    for (std::uint32_t p = 0; p < piece_overrides_.size(); ++p) {
      if (piece_overrides_[p] < 0) piece_overrides_[p] = picker_.piece_priority(PieceIndex{p});
    }
    file_priorities_ = std::move(files);
  }
  std::fill(piece_overrides_.begin() + first.value, piece_overrides_.begin() + last.value + 1,
            static_cast<std::int16_t>(priority));
  apply_priorities();
  on_wanted_changed();
  co_return Result<void>{};
}

// More wanted turns a seed back into a downloader (TorrentFinished is said again when that
// is done, as libtorrent does); less may finish the download now.
void Torrent::on_wanted_changed() {
  // Paused or not: the pause holds the stage.
  if (!picker_.is_finished()) {
    (void)lifecycle_.wants_more();
    for (auto& [key, peer] : peers_) peer->set_upload_only(false);
    peer_set_.retry_seeds_now();  // left as both seeds, they now have what we want
    connect_wake_.notify();
  } else if (lifecycle_.finished()) {
    on_seeding();
  }
  pieces_changed_.notify_all();  // a read may now find its range unwanted
  for (auto& [key, peer] : peers_) peer->recount_interest();
}

}  // namespace corrent::engine
