#pragma once
// How the engine commands show what happens: JSON lines (--json), a redrawn progress bar
// with event lines above it (stdout is a terminal), or plain event lines (anything else).

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "corrent/engine/torrent_status.hpp"
#include "corrent/events/event.hpp"

namespace corrent::cli {

/// quiet prints nothing (the demo's seeding session).
enum class OutputMode { json, bar, plain, quiet };

/// json when asked, else bar when stdout is a terminal, else plain.
OutputMode choose_output(bool json);

class EventPrinter {
 public:
  explicit EventPrinter(OutputMode mode) : mode_(mode) {}
  ~EventPrinter() { end_bar(); }
  EventPrinter(const EventPrinter&) = delete;
  EventPrinter& operator=(const EventPrinter&) = delete;

  [[nodiscard]] OutputMode mode() const { return mode_; }

  /// Shows one engine event (block_received is never shown: one per 16 KiB). Stats go
  /// out as JSON only; the bar is drawn from progress(), with the session's full status.
  /// A torrent's lifecycle events carry its name (learnt from torrent_added and
  /// metadata_received): a `name` key in JSON, and in text a "NAME: " before the line once
  /// the session has more than one torrent.
  void event(const events::Event& e);
  /// A line of the client's own: `j` in JSON mode, else `text` (above the bar).
  void line(const nlohmann::json& j, std::string_view text);
  /// Redraws the bar from `status` (bar mode only).
  void progress(const engine::TorrentStatus& status);
  /// Ends the bar's line, so that later output starts on a fresh line.
  void end_bar();

 private:
  void text_line(std::string_view text);

  OutputMode mode_;
  std::map<std::string, std::string> names_;  // info-hash (hex) -> name
  std::optional<engine::TorrentStatus> last_;  // the bar on screen, redrawn after a text line
  bool bar_drawn_ = false;
};

}  // namespace corrent::cli
