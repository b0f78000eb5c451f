#include "download_watch.hpp"

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <variant>

#include "corrent/net/timeout.hpp"
#include "engine_runner.hpp"

namespace corrent::cli {
namespace {

using Clock = std::chrono::steady_clock;
using namespace asio::experimental::awaitable_operators;

Tracked* find(std::vector<Tracked>& torrents, const metainfo::InfoHash& ih) {
  auto it = std::find_if(torrents.begin(), torrents.end(), [&](const Tracked& t) { return t.info_hash == ih; });
  return it == torrents.end() ? nullptr : &*it;
}

std::string failure_text(const events::TorrentError& error) {
  // The detail says what failed, the code why; a detail that already says why stands alone.
  const auto why = error.error.message();
  auto text = error.detail.empty() ? why : error.detail;
  if (!error.detail.empty() && error.detail.find(why) == std::string::npos) text += ": " + why;
  return text;
}

std::string ratio_text(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", ratio);
  return text;
}

/// A torrent that finished: seeds on, or is done.
void on_finished(Tracked& t, const SeedPolicy& policy, EventPrinter& out) {
  if (t.state != Tracked::State::running) return;
  t.finished_at = Clock::now();
  if (!policy.seeds()) {
    t.state = Tracked::State::done;
    return;
  }
  t.state = Tracked::State::seeding;
  std::string until = "until stopped (Ctrl-C)";
  if (policy.limited()) {
    until = "until";
    if (policy.ratio) until += " ratio " + ratio_text(*policy.ratio);
    if (policy.ratio && policy.time) until += " or";
    if (policy.time) until += " " + std::to_string(policy.time->count() / 1000) + " s";
  }
  out.line({{"event", "seeding"}, {"info_hash", t.info_hash.hex()}, {"name", t.name}}, "seeding " + t.name + " " + until);
}

/// A seeding torrent that reached --seed-ratio or --seed-time: paused, and done.
void check_seed_limits(engine::Session& session, Tracked& t, const SeedPolicy& policy, EventPrinter& out) {
  if (t.state != Tracked::State::seeding || !policy.limited()) return;
  const auto st = session.status(t.info_hash);
  if (!st) return;
  const auto uploaded = st->uploaded >= t.uploaded_baseline ? st->uploaded - t.uploaded_baseline : 0;
  const double ratio = st->wanted_total == 0 ? 0.0 : static_cast<double>(uploaded) / static_cast<double>(st->wanted_total);
  const auto seeded = Clock::now() - t.finished_at.value_or(Clock::now());
  std::string reason;
  if (policy.ratio && (ratio >= *policy.ratio || st->wanted_total == 0)) {
    reason = "seed_ratio";
  } else if (policy.time && seeded >= *policy.time) {
    reason = "seed_time";
  } else {
    return;
  }
  t.state = Tracked::State::done;
  (void)session.pause(t.info_hash);
  const double seconds = std::chrono::duration<double>(seeded).count();
  out.line({{"event", "seeding_stopped"}, {"info_hash", t.info_hash.hex()}, {"name", t.name}, {"reason", reason},
            {"ratio", ratio}, {"seconds", seconds}},
           "stopped seeding " + t.name + ": " + (reason == "seed_ratio" ? "--seed-ratio" : "--seed-time") +
               " reached (ratio " + ratio_text(ratio) + " after " + std::to_string(static_cast<long long>(seconds)) +
               " s)");
}

/// What one event means for its torrent.
void on_event(engine::Session& session, const events::Event& event, std::vector<Tracked>& torrents,
              const SeedPolicy& policy, EventPrinter& out) {
  if (const auto* error = std::get_if<events::TorrentError>(&event)) {
    if (auto* t = find(torrents, error->info_hash); t && t->state != Tracked::State::failed) {
      t->state = Tracked::State::failed;
      t->why = failure_text(*error);
    }
  } else if (const auto* done = std::get_if<events::TorrentFinished>(&event)) {
    if (auto* t = find(torrents, done->info_hash)) on_finished(*t, policy, out);
  } else if (const auto* meta = std::get_if<events::MetadataReceived>(&event)) {
    if (auto* t = find(torrents, meta->info_hash)) t->name = meta->name;
  }
  // Stats and the check's end are also when to look for a torrent that finished without
  // saying so to this stream (complete on disk, say): its event is already queued, so it
  // is given kFinishEventGrace to be printed.
  const auto* stats = std::get_if<events::Stats>(&event);
  const auto* checked = std::get_if<events::TorrentChecked>(&event);
  if (stats == nullptr && checked == nullptr) return;
  auto* t = find(torrents, stats ? stats->info_hash : checked->info_hash);
  if (t == nullptr || t->state != Tracked::State::running || t->finish_seen) return;
  if (auto st = session.status(t->info_hash); st && st->finished) t->finish_seen = Clock::now();
}

bool all_settled(const std::vector<Tracked>& torrents) {
  return std::all_of(torrents.begin(), torrents.end(), [](const Tracked& t) {
    return t.state == Tracked::State::done || t.state == Tracked::State::failed;
  });
}

bool any_running(const std::vector<Tracked>& torrents) {
  return std::any_of(torrents.begin(), torrents.end(),
                     [](const Tracked& t) { return t.state == Tracked::State::running; });
}

}  // namespace

std::optional<engine::TorrentStatus> combined_status(const engine::Session& session,
                                                     const std::vector<Tracked>& torrents) {
  if (torrents.size() == 1) return session.status(torrents.front().info_hash);
  std::optional<engine::TorrentStatus> sum;
  bool all_finished = true, any_checking = false, all_fetching = true;
  double check = 0;
  for (const auto& t : torrents) {
    const auto st = session.status(t.info_hash);
    if (!st) continue;
    if (!sum) {
      sum.emplace();
      sum->name = std::to_string(torrents.size()) + " torrents";
    }
    sum->pieces_have += st->pieces_have;
    sum->pieces_total += st->pieces_total;
    sum->wanted_total += st->wanted_total;
    sum->wanted_done += st->wanted_done;
    sum->download_rate += st->download_rate;
    sum->upload_rate += st->upload_rate;
    sum->downloaded += st->downloaded;
    sum->uploaded += st->uploaded;
    sum->wasted += st->wasted;
    sum->peers += st->peers;
    sum->seeds += st->seeds;
    all_finished = all_finished && st->finished;
    any_checking = any_checking || st->state == engine::TorrentState::checking;
    all_fetching = all_fetching && st->state == engine::TorrentState::fetching_metadata;
    check += st->state == engine::TorrentState::checking ? st->check_progress : 1.0;
  }
  if (!sum) return sum;
  sum->finished = all_finished;
  sum->check_progress = check / static_cast<double>(torrents.size());
  sum->state = all_finished     ? engine::TorrentState::seeding
               : any_checking   ? engine::TorrentState::checking
               : all_fetching   ? engine::TorrentState::fetching_metadata
                                : engine::TorrentState::downloading;
  return sum;
}

Task<DownloadEnd> watch_downloads(engine::Session& session, events::EventStream& stream, std::vector<Tracked>& torrents,
                                  asio::signal_set& signals, EventPrinter& out, SeedPolicy policy,
                                  std::optional<Clock::time_point> deadline) {
  // Already complete (data on disk, resume data): the engine may have said so before the
  // stream was read.
  for (auto& t : torrents) {
    if (auto st = session.status(t.info_hash); st && st->finished) on_finished(t, policy, out);
  }
  const auto executor = co_await asio::this_coro::executor;
  const auto signal_state = catch_signal(signals, executor);
  const auto& wake = signal_state.wake;
  const auto& caught = signal_state.signal;
  DownloadEnd end = DownloadEnd::all_done;
  for (;;) {
    const auto now = Clock::now();
    for (auto& t : torrents) {
      if (t.state == Tracked::State::running && t.finish_seen && now - *t.finish_seen >= kFinishEventGrace) {
        on_finished(t, policy, out);
      }
      check_seed_limits(session, t, policy, out);
    }
    if (*caught != 0) {
      end = DownloadEnd::interrupted;
      break;
    }
    if (all_settled(torrents)) break;
    if (deadline && now >= *deadline && any_running(torrents)) {
      end = DownloadEnd::timed_out;
      break;
    }
    auto wake_at = now + kWatchTick;
    if (deadline && any_running(torrents)) wake_at = std::min(wake_at, *deadline);
    wake->expires_at(wake_at);
    auto next = co_await (stream.next() || wake->async_wait(use_nothrow));
    if (next.index() == 1) continue;  // a tick, a signal or the deadline: the checks above say which
    auto& event = std::get<0>(next);
    if (!event) {
      for (auto& t : torrents) {
        if (t.state == Tracked::State::running) {
          t.state = Tracked::State::failed;
          t.why = "event stream: " + event.error().message();
        }
      }
      break;
    }
    out.event(*event);
    on_event(session, *event, torrents, policy, out);
    if (std::holds_alternative<events::Stats>(*event)) {
      if (auto st = combined_status(session, torrents)) out.progress(*st);
    }
  }
  // Ends our wait (its handler sees operation_aborted); a later signal is queued by the
  // signal_set for whoever waits next.
  if (*caught == 0) signals.cancel();
  co_return end;
}

}  // namespace corrent::cli
