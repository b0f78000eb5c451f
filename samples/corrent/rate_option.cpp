#include "rate_option.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include "corrent/throttle/limits.hpp"

namespace corrent::cli {

namespace {

bool ends_with_nocase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    const auto a = std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i]));
    if (a != std::tolower(static_cast<unsigned char>(suffix[i]))) return false;
  }
  return true;
}

}  // namespace

ArgResult<std::uint64_t> parse_rate(std::string_view flag, std::string_view text) {
  const auto bad = [&](std::string_view why) -> ArgResult<std::uint64_t> {
    return tl::make_unexpected(std::string(flag) + " " + std::string(text) + ": " + std::string(why));
  };
  std::string_view rest = text;
  for (std::string_view unit : {"/s", "b"}) {
    if (ends_with_nocase(rest, unit)) rest.remove_suffix(unit.size());
  }
  if (ends_with_nocase(rest, "i") && rest.size() >= 2 && std::isalpha(static_cast<unsigned char>(rest[rest.size() - 2]))) {
    rest.remove_suffix(1);  // KiB, MiB, GiB
  }
  double scale = 1;
  if (!rest.empty()) {
    switch (std::tolower(static_cast<unsigned char>(rest.back()))) {
      case 'k': scale = 1024.0; break;
      case 'm': scale = 1024.0 * 1024; break;
      case 'g': scale = 1024.0 * 1024 * 1024; break;
      default: scale = 0; break;
    }
    if (scale != 0) rest.remove_suffix(1);
    else scale = 1;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
  if (rest.empty() || ec != std::errc{} || end != rest.data() + rest.size() || !std::isfinite(value)) {
    return bad("not a rate (bytes per second, with an optional K, M or G: 500K, 1.5M)");
  }
  const double bytes = std::floor(value * scale);
  if (bytes < static_cast<double>(throttle::kMinRate)) return bad("below 1 byte per second");
  if (bytes > static_cast<double>(kMaxRate)) return bad("above 1 TiB per second");
  return static_cast<std::uint64_t>(bytes);
}

}  // namespace corrent::cli
