// Torrent while checking: the pieces on disk hashed (or trusted from the resume data),
// then the way out of the stage, into downloading or seeding.
#include <memory>
#include <optional>

#include "corrent/engine/session_limits.hpp"
#include "torrent.hpp"

namespace corrent::engine {

Task<void> Torrent::check() {
  auto trusted = co_await trusted_from_resume();
  const bool from_resume = trusted && !trusted->none();
  const auto info_hash = meta_.info_hash;
  auto* events = ctx_.events;
  // Named first: GCC 12 mishandles temporaries that live across a co_await.
  // CheckProgress by time (kCheckProgressInterval), not per piece batch; the last always.
  auto last_published = std::make_shared<std::optional<Clock::time_point>>();
  storage::TorrentDisk::ProgressCallback progress = [this, info_hash, events, last_published](std::uint32_t done,
                                                                                              std::uint32_t total) {
    if (auto* checking = lifecycle_.get<TorrentLifecycle::Checking>()) {
      checking->progress = total == 0 ? 1.0 : static_cast<double>(done) / total;
    }
    const auto now = Clock::now();
    const bool due = !*last_published || now - **last_published >= kCheckProgressInterval || done >= total;
    if (events == nullptr || !due) return;
    *last_published = now;
    events->publish(events::CheckProgress{info_hash, done, total});
  };
  auto checked = co_await disk_->check(std::move(progress), std::move(trusted));
  if (!checked) {
    const auto where = disk_->failed_path();
    fail(checked.error(), "checking the data on disk" + (where.empty() ? std::string() : " at " + where.string()) +
                              ": " + checked.error().message());
    co_return;
  }
  for (PieceIndex p{0}; p.value < checked->size(); ++p) {
    if (checked->test(p)) picker_.set_have(p);
  }
  pieces_changed_.notify_all();
  publish(events::TorrentChecked{meta_.info_hash, picker_.have_count(), meta_.layout.piece_count(),
                                 from_resume});
}

// The check is done: downloading, or seeding what it found complete (even while paused:
// the pause holds the stage it leads to).
void Torrent::begin_transfer() {
  const bool finished = picker_.is_finished();
  if (!lifecycle_.checked(finished)) return;
  if (finished) on_seeding();
  start_loops();
  connect_wake_.notify();  // peers of the metadata fetch may be waiting to reconnect
}

}  // namespace corrent::engine
