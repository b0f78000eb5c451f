#include "progress_bar.hpp"

#include <algorithm>
#include <cstdio>

#include "cli_common.hpp"

namespace corrent::cli {

std::string format_rate(std::uint64_t bytes_per_s) { return human_size(bytes_per_s) + "/s"; }

std::string format_eta(std::uint64_t bytes_left, std::uint64_t bytes_per_s) {
  if (bytes_left == 0) return "0:00";
  if (bytes_per_s == 0) return "--:--";
  const std::uint64_t secs = (bytes_left + bytes_per_s - 1) / bytes_per_s;
  char text[32];
  if (secs >= 86400) {
    std::snprintf(text, sizeof text, "%llud %02lluh", static_cast<unsigned long long>(secs / 86400),
                  static_cast<unsigned long long>(secs % 86400 / 3600));
  } else if (secs >= 3600) {
    std::snprintf(text, sizeof text, "%llu:%02llu:%02llu", static_cast<unsigned long long>(secs / 3600),
                  static_cast<unsigned long long>(secs % 3600 / 60), static_cast<unsigned long long>(secs % 60));
  } else {
    std::snprintf(text, sizeof text, "%llu:%02llu", static_cast<unsigned long long>(secs / 60),
                  static_cast<unsigned long long>(secs % 60));
  }
  return text;
}

double wanted_percent(const engine::TorrentStatus& s) {
  if (s.wanted_total == 0) return 100.0;
  const auto done = std::min(s.wanted_done, s.wanted_total);
  return 100.0 * static_cast<double>(done) / static_cast<double>(s.wanted_total);
}

namespace {

std::string bar(double fraction, std::size_t cells) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  const auto full = static_cast<std::size_t>(fraction * static_cast<double>(cells));
  return "[" + std::string(full, '#') + std::string(cells - full, '-') + "]";
}

std::string percent_text(double percent) {
  char text[16];
  std::snprintf(text, sizeof text, "%5.1f%%", std::clamp(percent, 0.0, 100.0));
  return text;
}

}  // namespace

namespace {

/// `text` padded with spaces to `width`, on the left (numbers) or the right.
std::string pad(std::string text, std::size_t width, bool left) {
  if (text.size() >= width) return text;
  const std::string fill(width - text.size(), ' ');
  return left ? fill + text : text + fill;
}

std::string peers_text(std::uint32_t peers) {
  return pad(std::to_string(peers), 3, true) + (peers == 1 ? " peer " : " peers");
}

}  // namespace

std::string render_progress(const engine::TorrentStatus& s, std::size_t width) {
  width = std::max(width, kMinProgressWidth);
  const bool checking = s.state == engine::TorrentState::checking;
  const bool fetching = s.state == engine::TorrentState::fetching_metadata;
  // Nothing is known to want yet while fetching: 0%, not the 100% of an empty torrent.
  const double percent = checking ? 100.0 * s.check_progress : fetching ? 0.0 : wanted_percent(s);
  std::string tail = "  " + percent_text(percent);
  if (checking) {
    tail += "  checking";
  } else if (fetching) {
    tail += "  " + peers_text(s.peers) + "  fetching metadata";
  } else {
    const auto left = s.wanted_total > s.wanted_done ? s.wanted_total - s.wanted_done : 0;
    tail += "  " + pad(format_rate(s.download_rate), kRateWidth, true) + " down  " +
            pad(format_rate(s.upload_rate), kRateWidth, true) + " up  " + peers_text(s.peers) + "  ";
    if (s.state == engine::TorrentState::seeding || s.finished) {
      tail += "seeding";
    } else if (s.state == engine::TorrentState::paused) {
      tail += "paused";
    } else if (s.state == engine::TorrentState::failed) {
      tail += "failed";
    } else {
      tail += "ETA " + format_eta(left, s.download_rate);
    }
  }
  // Every state's text takes the same room, so the bar keeps its cells whatever the numbers.
  tail = pad(std::move(tail), kProgressTailWidth, false);
  constexpr std::size_t kMinCells = 10;
  const std::size_t cells = width > tail.size() + 2 + kMinCells ? width - tail.size() - 2 : kMinCells;
  std::string line = bar(percent / 100.0, cells) + tail;
  if (line.size() > width) line.resize(width);
  return line;
}

}  // namespace corrent::cli
