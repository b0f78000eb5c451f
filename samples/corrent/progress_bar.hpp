#pragma once
// The one-line progress display of `corrent download` and `corrent demo` on a terminal.
// Pure: a status in, a line of text out (no terminal, no clock), so it is unit-tested.

#include <cstddef>
#include <cstdint>
#include <string>

#include "corrent/engine/torrent_status.hpp"

namespace corrent::cli {

/// Narrowest line render_progress() draws; narrower widths are treated as this.
inline constexpr std::size_t kMinProgressWidth = 40;

/// The room of a rate in the line: "1023.9 MiB/s" is the longest format_rate() gives.
inline constexpr std::size_t kRateWidth = 12;
/// The room of the text after the bar, in every state (the longest: downloading with two
/// full-width rates, 3-digit peers and an 8-character ETA).
inline constexpr std::size_t kProgressTailWidth = 2 + 6 + 2 + kRateWidth + 5 + 2 + kRateWidth + 3 + 2 + 9 + 2 + 12;

/// "12.3 MiB/s" (binary units, one decimal; "0 B/s" when idle).
std::string format_rate(std::uint64_t bytes_per_s);

/// Time left to fetch `bytes_left` at `bytes_per_s`: "0:42", "1:02:03", "3d 04h"; "--:--"
/// when the rate is 0 and bytes are left; "0:00" when nothing is left.
std::string format_eta(std::uint64_t bytes_left, std::uint64_t bytes_per_s);

/// Percent of the wanted bytes done, 0..100 (100 when nothing is wanted).
double wanted_percent(const engine::TorrentStatus& s);

/// One line of `width` characters (no newline, no escape codes; at least kMinProgressWidth):
///   "[#########-----------]  45.2%     3.1 MiB/s down         0 B/s up    2 peers  ETA 0:42"
/// Fields have fixed widths, so the bar's cells do not change with the numbers or the
/// state. While checking it shows the check's progress instead of the download's.
std::string render_progress(const engine::TorrentStatus& s, std::size_t width);

}  // namespace corrent::cli
