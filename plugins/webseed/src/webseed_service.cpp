#include "webseed_service.hpp"

#include <algorithm>
#include <variant>

#include "corrent/events/event.hpp"
#include "corrent/events/event_bus.hpp"
#include "corrent/net/wake.hpp"
#include "webseed_errc.hpp"

namespace corrent::webseed {
namespace {

// The info-hash an event is about, for the kinds the service subscribes to.
metainfo::InfoHash subject(const events::Event& event) {
  return std::visit(
      [](const auto& e) -> metainfo::InfoHash {
        if constexpr (requires { e.info_hash; }) {
          return e.info_hash;
        } else {
          return {};
        }
      },
      event);
}

constexpr auto kEvents = events::EventMask::of<events::TorrentAdded, events::MetadataReceived,
                                               events::TorrentFinished, events::TorrentStateChanged>();

}  // namespace

std::chrono::milliseconds readopt_delay(std::chrono::milliseconds first, std::uint32_t failures) {
  auto delay = first;
  for (std::uint32_t i = 1; i < failures && delay < kMaxReadoptDelay; ++i) delay *= 2;
  return std::min(delay, kMaxReadoptDelay);
}

WebSeedService::WebSeedService(asio::any_io_executor executor, WebSeedSettings settings)
    : executor_(std::move(executor)), settings_(settings) {}

std::vector<std::string> WebSeedService::banned(const metainfo::InfoHash& info_hash) const {
  std::vector<std::string> out;
  const auto it = torrents_.find(info_hash);
  if (it == torrents_.end()) return out;
  for (const auto& [url, state] : it->second.urls) {
    if (state.banned) out.push_back(url);
  }
  return out;
}

Task<Result<void>> WebSeedService::run(SessionView& session) {
  // Shared with the streams' reports, which may outlive run(): they wake it only while it
  // is there.
  auto wake = std::make_shared<net::Wake>(executor_);
  wake_ = [weak = std::weak_ptr<net::Wake>(wake)] {
    if (auto w = weak.lock()) w->notify();
  };
  auto subscription = session.events().subscribe(
      [this](const events::Event& event) {
        torrents_.try_emplace(subject(event));
        wake_();
      },
      kEvents);
  for (const auto& status : session.torrents()) torrents_.try_emplace(status.info_hash);
  while (true) {
    look(session);
    const bool running = co_await wake->wait(kServiceTick);
    if (!running) break;
  }
  wake_ = nullptr;
  co_return Result<void>{};
}

void WebSeedService::look(SessionView& session) {
  const auto now = Clock::now();
  for (auto it = torrents_.begin(); it != torrents_.end();) {
    if (!session.status(it->first)) {
      it = torrents_.erase(it);  // removed: the session closes its streams
      continue;
    }
    look_at(session, it->first, it->second, now);
    ++it;
  }
}

void WebSeedService::look_at(SessionView& session, const metainfo::InfoHash& info_hash, TorrentEntry& entry,
                             Clock::time_point now) {
  if (!entry.meta) {
    auto meta = session.metainfo(info_hash);
    if (!meta) return;  // a magnet link still fetching its metadata
    if (meta->layout.piece_count() == 0 || meta->layout.piece_length() > kMaxPieceLength) return;
    entry.meta = std::make_shared<const metainfo::Metainfo>(std::move(*meta));
    for (const auto& url : entry.meta->web_seeds) {
      if (entry.urls.size() >= kMaxWebSeedsPerTorrent) break;
      entry.urls.try_emplace(url);
    }
  }
  for (auto& [url, state] : entry.urls) {
    if (state.report && state.report->ended) after_end(state, now);
  }
  const auto status = session.status(info_hash);
  // Only while it downloads: not while checking or paused, never once complete.
  if (!status || status->finished || status->state != TorrentState::downloading) return;
  for (auto& [url, state] : entry.urls) {
    if (state.banned || state.report || now < state.next_try) continue;
    adopt(session, entry, url, state);
  }
}

void WebSeedService::after_end(UrlState& state, Clock::time_point now) const {
  if (state.report->why == errc::bad_data) state.banned = true;
  state.failures = state.report->pieces_fetched > 0 ? 0 : state.failures + 1;
  state.next_try = now + readopt_delay(settings_.readopt_delay, std::max<std::uint32_t>(state.failures, 1));
  state.report.reset();
}

void WebSeedService::adopt(SessionView& session, TorrentEntry& entry, const std::string& url, UrlState& state) {
  auto report = std::make_shared<StreamReport>();
  report->on_end = wake_;
  auto stream = WebSeedStream::create(executor_, entry.meta, url, settings_.fetch, report);
  if (!stream) {
    state.banned = true;  // a URL that does not parse never will
    return;
  }
  state.report = std::move(report);
  session.adopt_peer(std::move(*stream), "webseed");
}

}  // namespace corrent::webseed
