#include "event_printer.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>
#include <type_traits>

#include "event_json.hpp"
#include "progress_bar.hpp"

namespace corrent::cli {
namespace {

std::size_t terminal_width() {
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

/// "tracker URL: ERROR; trying NEXT (URL again in N s)", or empty for a success.
std::string tracker_failure_line(const events::TrackerReply& e) {
  if (e.error.empty()) return {};
  std::string line = "tracker " + e.url + ": " + e.error;
  if (!e.next.empty()) line += "; trying " + e.next;
  if (e.retry_in_ms > 0) {
    line += (e.next.empty() ? "; asked again in " : " (this one again in ") +
            std::to_string((e.retry_in_ms + 999) / 1000) + " s" + (e.next.empty() ? "" : ")");
  }
  return line;
}

/// The text form of a lifecycle event worth a line, or empty.
std::string describe(const events::Event& event) {
  using namespace corrent::events;
  return std::visit(
      [](const auto& e) -> std::string {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, TorrentAdded>) {
          return "added " + e.name + " (" + e.info_hash.hex() + ")";
        } else if constexpr (std::is_same_v<E, TorrentChecked>) {
          return "checked: " + std::to_string(e.pieces_have) + " of " + std::to_string(e.pieces_total) +
                 " pieces already here";
        } else if constexpr (std::is_same_v<E, PieceFailed>) {
          return "piece " + std::to_string(e.piece.value) + " failed its hash check; fetching it again";
        } else if constexpr (std::is_same_v<E, PeerBanned>) {
          return "banned " + e.endpoint.to_string() + ": " + e.why;
        } else if constexpr (std::is_same_v<E, TrackerReply>) {
          return tracker_failure_line(e);
        } else if constexpr (std::is_same_v<E, TorrentError>) {
          return "error: " + (e.detail.empty() ? e.error.message() : e.detail);
        } else if constexpr (std::is_same_v<E, TorrentWarning>) {
          return "warning: " + (e.detail.empty() ? e.error.message() : e.detail);
        } else if constexpr (std::is_same_v<E, TorrentPaused>) {
          return "paused: " + (e.detail.empty() ? e.error.message() : e.detail) + " (resumes by itself once fixed)";
        } else if constexpr (std::is_same_v<E, TorrentResumed>) {
          return "resumed";
        } else if constexpr (std::is_same_v<E, MetadataReceived>) {
          return "metadata of " + e.name + " (" + std::to_string(e.size) + " bytes) from " + e.from.to_string();
        } else if constexpr (std::is_same_v<E, ExtensionNote>) {
          return e.extension + " " + e.endpoint.to_string() + ": " + e.text;
        } else if constexpr (std::is_same_v<E, SessionWarning>) {
          return "warning: " + e.detail;
        } else if constexpr (std::is_same_v<E, PortMapped>) {
          return e.mapper + ": port " + std::to_string(e.request.local_port) + " reachable at " +
                 e.external.to_string();
        } else if constexpr (std::is_same_v<E, PortUnmapped>) {
          return e.mapper + ": port " + std::to_string(e.request.local_port) + " unmapped (" + e.error.message() + ")";
        } else if constexpr (std::is_same_v<E, ExternalAddressChanged>) {
          return "external address: " + e.address.address_string() + " (from " + e.source + ")";
        } else if constexpr (std::is_same_v<E, Lagged>) {
          return "warning: " + std::to_string(e.count) + " events not shown: this output fell behind the session";
        } else if constexpr (std::is_same_v<E, TorrentFinished>) {
          return "finished: every wanted piece is verified on disk";
        } else {
          return {};
        }
      },
      event);
}

/// The info-hash of a torrent's lifecycle event that names it, or nullptr.
const metainfo::InfoHash* lifecycle_torrent(const events::Event& event) {
  using namespace corrent::events;
  return std::visit(
      [](const auto& e) -> const metainfo::InfoHash* {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, TorrentChecked> || std::is_same_v<E, TorrentFinished> ||
                      std::is_same_v<E, TorrentError> || std::is_same_v<E, TorrentWarning> ||
                      std::is_same_v<E, TorrentPaused> || std::is_same_v<E, TorrentResumed> ||
                      std::is_same_v<E, PieceFailed> || std::is_same_v<E, PeerBanned> ||
                      std::is_same_v<E, TrackerReply>) {
          return &e.info_hash;
        } else {
          return nullptr;
        }
      },
      event);
}

}  // namespace

// The rule corrent-tracker follows too (CommonOptions::want_json): --json gives JSON, anything
// else text; a terminal only adds the redrawn bar.
OutputMode choose_output(bool json) {
  if (json) return OutputMode::json;
  return ::isatty(STDOUT_FILENO) ? OutputMode::bar : OutputMode::plain;
}

void EventPrinter::event(const events::Event& e) {
  if (mode_ == OutputMode::quiet || std::holds_alternative<events::BlockReceived>(e)) return;
  if (const auto* added = std::get_if<events::TorrentAdded>(&e)) names_[added->info_hash.hex()] = added->name;
  if (const auto* meta = std::get_if<events::MetadataReceived>(&e)) names_[meta->info_hash.hex()] = meta->name;
  const auto* ih = lifecycle_torrent(e);
  const auto named = ih != nullptr ? names_.find(ih->hex()) : names_.end();
  if (mode_ == OutputMode::json) {
    auto j = event_json(e);
    if (named != names_.end() && !j.contains("name")) j["name"] = named->second;
    std::cout << j.dump() << '\n' << std::flush;
    return;
  }
  if (std::holds_alternative<events::Stats>(e)) return;  // the watch loop calls progress()
  auto text = describe(e);
  if (text.empty()) return;
  if (named != names_.end() && names_.size() > 1) text = named->second + ": " + text;
  text_line(text);
}

void EventPrinter::line(const nlohmann::json& j, std::string_view text) {
  if (mode_ == OutputMode::quiet) return;
  if (mode_ == OutputMode::json) {
    std::cout << j.dump() << '\n' << std::flush;
  } else {
    text_line(text);
  }
}

void EventPrinter::progress(const engine::TorrentStatus& status) {
  if (mode_ != OutputMode::bar) return;
  last_ = status;
  std::cout << '\r' << render_progress(status, terminal_width() - 1) << "\x1b[K" << std::flush;
  bar_drawn_ = true;
}

void EventPrinter::end_bar() {
  if (!bar_drawn_) return;
  std::cout << '\n' << std::flush;
  bar_drawn_ = false;
  last_.reset();
}

void EventPrinter::text_line(std::string_view text) {
  if (bar_drawn_) std::cout << "\r\x1b[K";
  std::cout << text << '\n';
  if (bar_drawn_ && last_) {
    std::cout << render_progress(*last_, terminal_width() - 1) << "\x1b[K";
  }
  std::cout << std::flush;
}

}  // namespace corrent::cli
