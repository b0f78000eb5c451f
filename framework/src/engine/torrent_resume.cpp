// Torrent: its resume data. The lock that keeps a second process off it, reading it (for
// a magnet's metadata and for the pieces to trust), and writing it. Nothing about resume
// data ever stops a torrent but the lock: a file that does not parse or cannot be written
// is a TorrentWarning.
#include <algorithm>
#include <utility>

#include "corrent/engine/session_limits.hpp"
#include "corrent/storage/resume_data.hpp"
#include "torrent.hpp"

namespace corrent::engine {

// Two processes on one torrent and state folder would overwrite each other's resume data
// (and data): the second one stops here, naming the first. A lock that cannot be taken
// for another reason (no state folder) is not fatal: writing the resume data warns then.
Task<bool> Torrent::lock_resume_data() {
  if (!ctx_.settings->use_resume) co_return true;
  struct Taken {
    Result<storage::ResumeLock> lock;
    long holder = 0;
  };
  auto take = [path = resume_path()] {
    Taken t{tl::make_unexpected(std::error_code{}), 0};
    t.lock = storage::lock_resume(path, &t.holder);
    return t;
  };
  auto taken = co_await ctx_.disk_pool->run(std::move(take));
  if (taken.lock) {
    resume_lock_ = std::move(*taken.lock);
    co_return true;
  }
  if (taken.lock.error() != storage::resume_errc::locked) co_return true;
  const std::string who = taken.holder > 0 ? "process " + std::to_string(taken.holder) : "another process";
  fail(taken.lock.error(), "resume data " + resume_path().string() + " is in use by " + who +
                               " (another corrent running this torrent with the same state folder)");
  co_return false;
}

std::filesystem::path Torrent::resume_path() const {
  if (ctx_.settings->resume_dir) return *ctx_.settings->resume_dir / (meta_.info_hash.hex() + ".resume");
  return storage::default_resume_path(meta_.info_hash);
}

// A magnet torrent that ran before kept its info dictionary in the resume data: offered
// like one from a peer (so checked against the info-hash), it spares fetching it again.
Task<void> Torrent::metadata_from_resume() {
  if (!ctx_.settings->use_resume) co_return;
  auto loaded = co_await read_resume();
  if (!loaded || !*loaded) co_return;
  const auto info = storage::parse_resume_info(**loaded, meta_.info_hash);
  if (!info || info->empty()) co_return;
  const auto bytes = std::as_bytes(std::span(*info));
  if (auto offered = offer_metadata(bytes, net::Endpoint{}); !offered) {
    publish(events::TorrentWarning{meta_.info_hash, offered.error(),
                                   "metadata in the resume data " + resume_path().string() + " ignored"});
    co_return;
  }
  // The check comes next and needs it again.
  if (auto* fetching = lifecycle_.get<TorrentLifecycle::FetchingMetadata>()) fetching->resume_bytes = std::move(**loaded);
}

// The resume file's bytes (nullopt: none), from metadata_from_resume() if it kept them.
Task<Result<std::optional<std::string>>> Torrent::read_resume() {
  if (auto* checking = lifecycle_.get<TorrentLifecycle::Checking>(); checking && checking->resume_bytes) {
    co_return std::exchange(checking->resume_bytes, std::nullopt);
  }
  // Blocking file I/O: on the pool. (A named lambda: GCC 12 mishandles temporaries in co_await.)
  auto load = [path = resume_path()] { return storage::load_resume(path); };
  co_return co_await ctx_.disk_pool->run(std::move(load));
}

// The pieces of the resume data whose files are unchanged since it was written.
Task<std::optional<Bitfield>> Torrent::trusted_from_resume() {
  if (!ctx_.settings->use_resume) co_return std::nullopt;
  auto loaded = co_await read_resume();
  if (!loaded) {
    publish(events::TorrentWarning{meta_.info_hash, loaded.error(),
                                   "resume data " + resume_path().string() + " cannot be read (" +
                                       loaded.error().message() + "): checking every piece"});
    co_return std::nullopt;
  }
  if (!*loaded) co_return std::nullopt;
  auto data = storage::parse_resume(**loaded, meta_.info_hash, shape_of_layout(meta_.layout), meta_.layout.files().size());
  if (!data) {
    // Damaged or truncated: a warning, never a failure; the check finds what is there.
    publish(events::TorrentWarning{meta_.info_hash, data.error().code,
                                   "resume data " + resume_path().string() + " ignored (" + data.error().message() +
                                       "): checking every piece"});
    co_return std::nullopt;
  }
  const auto now_files = co_await disk_->file_states();
  const auto& files = meta_.layout.files();
  std::vector<bool> same(files.size(), false);
  for (std::size_t i = 0; i < files.size() && i < now_files.size() && i < data->files.size(); ++i) {
    same[i] = now_files[i] == data->files[i];
  }
  Bitfield trusted(meta_.layout.piece_count(), false);
  for (PieceIndex p{0}; p.value < trusted.size(); ++p) {
    if (!data->have.test(p)) continue;
    const auto slices = meta_.layout.map_block(p, 0, meta_.layout.piece_size(p));
    const bool ok = std::all_of(slices.begin(), slices.end(), [&](const auto& s) {
      return files[s.file.value].pad || same[s.file.value];
    });
    if (ok) trusted.set(p);
  }
  resumed_downloaded_ = data->downloaded;
  resumed_uploaded_ = data->uploaded;
  co_return trusted;
}

Task<void> Torrent::save_resume() {
  if (!ctx_.settings->use_resume || !disk_) co_return;
  storage::ResumeData data;
  // Taken before the sync: only pieces whose write was reported before it are recorded.
  data.have = picker_.have_bits();
  if (auto synced = co_await disk_->sync(); !synced) co_return;
  data.info_hash = meta_.info_hash;
  data.files = co_await disk_->file_states();
  data.downloaded = resumed_downloaded_ + downloaded_;
  data.uploaded = resumed_uploaded_ + uploaded_;
  data.file_priorities = file_priorities_;
  if (from_magnet_) data.info = meta_.info_bytes;
  auto bytes = storage::encode_resume(data);
  auto path = resume_path();
  const auto where = path.string();
  // Small, but it fsyncs: off the network thread.
  auto save = [path = std::move(path), bytes = std::move(bytes)] {
    return storage::save_resume_atomically(path, bytes);
  };
  auto saved = co_await ctx_.disk_pool->run(std::move(save));
  if (saved) {
    resume_failing_ = false;
    resume_warned_ = false;  // a later failure is news again
    co_return;
  }
  // Never a reason to stop a healthy torrent: say so once, and try again every
  // kResumeInterval (ticker()) until it works.
  resume_failing_ = true;
  if (resume_warned_) co_return;
  resume_warned_ = true;
  publish(events::TorrentWarning{meta_.info_hash, saved.error(),
                                 "resume data cannot be written to " + where + ": " + saved.error().message() +
                                     " (the torrent goes on; retrying every " +
                                     std::to_string(kResumeInterval.count()) + " s)"});
}


}  // namespace corrent::engine
