#pragma once
// TorrentLifecycle: a torrent's state, the data that lives only while that state does, and
// every transition as a named call that says whether it was allowed.
//
// The stage is how far the torrent's work has got:
//
//   fetching_metadata --metadata_opened--> checking --checked--> downloading <--> seeding
//                                                                 (finished / wants_more)
//   any stage --fail--> failed (final)
//
// A pause holds the stage instead of replacing it, as libtorrent's paused flag does: work
// already under way (a check on the disk pool, say) ends into the stage it leads to while
// paused, and resuming goes on from wherever the stage then is. Pauses have causes (the
// user; a full disk), each lifted on its own. state() is what status() reports: failed,
// else paused while any cause holds, else the stage.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <system_error>
#include <variant>

#include "corrent/events/torrent_state.hpp"
#include "corrent/metainfo/magnet.hpp"

namespace corrent::engine {

class TorrentLifecycle {
 public:
  /// A magnet link: peers are asked for the info dictionary.
  struct FetchingMetadata {
    metainfo::Magnet magnet;  // its file selection (BEP 53) applies once the metadata is in
    // A resume file that held the info dictionary: the check reads it next.
    std::optional<std::string> resume_bytes;
  };
  /// Hashing what is on disk (or trusting the resume data).
  struct Checking {
    double progress = 0;  // 0..1
    std::optional<std::string> resume_bytes;  // already read, from FetchingMetadata
  };
  struct Downloading {};
  struct Seeding {};
  /// Stopped on an error; final.
  struct Failed {
    std::error_code why;
    std::string detail;
  };
  using Stage = std::variant<FetchingMetadata, Checking, Downloading, Seeding, Failed>;

  enum class PauseCause : std::uint8_t { user = 1, disk_full = 2 };

  /// Called after each transition that changes state(), with the states before and after.
  using OnChange = std::function<void(TorrentState from, TorrentState to)>;

  explicit TorrentLifecycle(Stage first, OnChange on_change = {});

  /// What status() reports.
  [[nodiscard]] TorrentState state() const;
  /// The stage, paused or not.
  [[nodiscard]] TorrentState stage() const;
  [[nodiscard]] bool paused() const { return pauses_ != 0; }
  [[nodiscard]] bool paused_by(PauseCause cause) const { return (pauses_ & bit(cause)) != 0; }
  [[nodiscard]] bool failed() const { return std::holds_alternative<Failed>(stage_); }
  /// The current stage's data, or nullptr in another stage.
  template <class S>
  [[nodiscard]] S* get() {
    return std::get_if<S>(&stage_);
  }
  template <class S>
  [[nodiscard]] const S* get() const {
    return std::get_if<S>(&stage_);
  }

  // The transitions. Each returns false, changing nothing, where it is not allowed.

  /// fetching_metadata -> checking: the info dictionary came and the storage is open.
  bool metadata_opened();
  /// checking -> seeding when `finished` (every wanted piece is here), else downloading.
  bool checked(bool finished);
  /// downloading -> seeding: every wanted piece is verified.
  bool finished();
  /// seeding -> downloading: more became wanted (a file's priority went up).
  bool wants_more();
  /// Any stage but failed -> failed. Drops every pause: there is nothing to resume.
  bool fail(std::error_code why, std::string detail);
  /// Holds the stage for `cause`; false once failed or already held for it.
  bool pause(PauseCause cause);
  /// Lifts `cause`; the stage runs again once no cause is left. False if not held for it.
  bool resume(PauseCause cause);
  /// Lifts every cause (what a user's resume means). False if not paused.
  bool resume_all();

 private:
  static constexpr std::uint8_t bit(PauseCause cause) { return static_cast<std::uint8_t>(cause); }
  // Applies `change` and reports the state before and after to on_change_.
  template <class Change>
  void transition(Change&& change);

  Stage stage_;
  std::uint8_t pauses_ = 0;  // PauseCause bits
  OnChange on_change_;
};

}  // namespace corrent::engine
