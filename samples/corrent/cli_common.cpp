#include "cli_common.hpp"

#include <ctime>
#include <iostream>

#include "corrent/metainfo/torrent_file.hpp"

namespace corrent::cli {

int report_error(std::string_view what, std::string_view why, int code) {
  std::cerr << "corrent: " << what << ": " << why << '\n';
  return code;
}

std::optional<metainfo::Metainfo> load_or_report(std::string_view command, const std::filesystem::path& path) {
  auto loaded = metainfo::load_torrent_file(path);
  if (!loaded) {
    report_error(command, path.string() + ": " + loaded.error().message());
    return std::nullopt;
  }
  return std::move(*loaded);
}

std::string human_size(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  if (unit == 0) {
    std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  }
  return text;
}

std::string iso8601_utc(std::int64_t unix_time) {
  const auto t = static_cast<std::time_t>(unix_time);
  std::tm tm{};
  char text[40];
  if (::gmtime_r(&t, &tm) == nullptr || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 0 ||
      std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
    return std::to_string(unix_time);
  }
  return text;
}

}  // namespace corrent::cli
