// TorrentLifecycle: the transitions, and which are allowed from where.
#include "torrent_lifecycle.hpp"

#include <utility>

namespace corrent::engine {

TorrentLifecycle::TorrentLifecycle(Stage first, OnChange on_change)
    : stage_(std::move(first)), on_change_(std::move(on_change)) {}

TorrentState TorrentLifecycle::stage() const {
  switch (stage_.index()) {
    case 0: return TorrentState::fetching_metadata;
    case 1: return TorrentState::checking;
    case 2: return TorrentState::downloading;
    case 3: return TorrentState::seeding;
    default: return TorrentState::failed;
  }
}

TorrentState TorrentLifecycle::state() const {
  if (failed()) return TorrentState::failed;
  return paused() ? TorrentState::paused : stage();
}

template <class Change>
void TorrentLifecycle::transition(Change&& change) {
  const auto from = state();
  std::forward<Change>(change)();
  const auto to = state();
  if (from != to && on_change_) on_change_(from, to);
}

bool TorrentLifecycle::metadata_opened() {
  auto* fetching = get<FetchingMetadata>();
  if (fetching == nullptr) return false;
  transition([&] { stage_ = Checking{0, std::move(fetching->resume_bytes)}; });
  return true;
}

bool TorrentLifecycle::checked(bool finished) {
  if (get<Checking>() == nullptr) return false;
  transition([&] {
    if (finished) {
      stage_ = Seeding{};
    } else {
      stage_ = Downloading{};
    }
  });
  return true;
}

bool TorrentLifecycle::finished() {
  if (get<Downloading>() == nullptr) return false;
  transition([&] { stage_ = Seeding{}; });
  return true;
}

bool TorrentLifecycle::wants_more() {
  if (get<Seeding>() == nullptr) return false;
  transition([&] { stage_ = Downloading{}; });
  return true;
}

bool TorrentLifecycle::fail(std::error_code why, std::string detail) {
  if (failed()) return false;
  transition([&] {
    stage_ = Failed{why, std::move(detail)};
    pauses_ = 0;
  });
  return true;
}

bool TorrentLifecycle::pause(PauseCause cause) {
  if (failed() || paused_by(cause)) return false;
  transition([&] { pauses_ |= bit(cause); });
  return true;
}

bool TorrentLifecycle::resume(PauseCause cause) {
  if (!paused_by(cause)) return false;
  transition([&] { pauses_ &= static_cast<std::uint8_t>(~bit(cause)); });
  return true;
}

bool TorrentLifecycle::resume_all() {
  if (!paused()) return false;
  transition([&] { pauses_ = 0; });
  return true;
}

}  // namespace corrent::engine
