#pragma once
// The watch of `corrent download` over one torrent or several: prints their events until
// each has finished (and seeded as long as asked) or failed, a signal arrives, or --timeout
// runs out before every torrent finished.

#include <asio/signal_set.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "corrent/core/task.hpp"
#include "corrent/engine/session.hpp"
#include "corrent/events/event_bus.hpp"
#include "event_printer.hpp"

namespace corrent::cli {

/// How often the watch looks at the clock (seed time, --timeout, a finish it saw in a
/// status before the event) when no event comes.
inline constexpr std::chrono::milliseconds kWatchTick{250};
/// How long a finish seen in a status waits for its torrent_finished event to be printed.
inline constexpr std::chrono::seconds kFinishEventGrace{2};

/// After finishing: seed until stopped (`seed`), or until either limit is reached (ratio:
/// bytes uploaded by this run over the torrent's wanted size; time: since it finished).
/// A limit implies seeding.
struct SeedPolicy {
  bool seed = false;
  std::optional<double> ratio;
  std::optional<std::chrono::milliseconds> time;
  [[nodiscard]] bool seeds() const { return seed || ratio || time; }
  [[nodiscard]] bool limited() const { return ratio || time; }
};

/// One torrent of the session, as the watch sees it.
struct Tracked {
  enum class State { running, seeding, done, failed };
  metainfo::InfoHash info_hash;
  std::string given;  ///< the command-line argument
  std::string name;
  State state = State::running;
  std::string why;  ///< failed: what failed
  std::uint64_t downloaded_baseline = 0;  ///< status totals at the start (from resume data)
  std::uint64_t uploaded_baseline = 0;
  std::optional<std::chrono::steady_clock::time_point> finished_at;
  std::optional<std::chrono::steady_clock::time_point> finish_seen;  ///< in a status, before the event
};

enum class DownloadEnd { all_done, interrupted, timed_out };

/// Watches `torrents` (see above) until every one is done or failed (seeding without a
/// limit never is: a signal ends it), a signal, or `deadline` while one still downloads.
Task<DownloadEnd> watch_downloads(engine::Session& session, events::EventStream& stream, std::vector<Tracked>& torrents,
                                  asio::signal_set& signals, EventPrinter& out, SeedPolicy policy,
                                  std::optional<std::chrono::steady_clock::time_point> deadline);

/// The torrents' statuses summed for the progress bar (one torrent: its own status).
std::optional<engine::TorrentStatus> combined_status(const engine::Session& session,
                                                     const std::vector<Tracked>& torrents);

}  // namespace corrent::cli
