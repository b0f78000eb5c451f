#include "transport_option.hpp"

#include <algorithm>

namespace corrent::cli {

namespace {

std::string known_list() {
  std::string out;
  for (const auto scheme : kKnownTransports) out += (out.empty() ? "" : ", ") + std::string(scheme);
  return out;
}

ArgResult<std::vector<std::string>> refuse(std::string_view text, const std::string& why) {
  return tl::make_unexpected("--transports " + (text.empty() ? std::string("\"\"") : std::string(text)) + ": " + why);
}

}  // namespace

ArgResult<std::vector<std::string>> parse_transports(std::string_view text) {
  if (text.empty()) return refuse(text, "no transport (expected a comma list of " + known_list() + ")");
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto comma = text.find(',', start);
    const auto item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (item.empty()) return refuse(text, "an empty item (expected a comma list of " + known_list() + ")");
    if (std::find(kKnownTransports.begin(), kKnownTransports.end(), item) == kKnownTransports.end()) {
      return refuse(text, "unknown transport \"" + std::string(item) + "\" (known: " + known_list() + ")");
    }
    if (uses_transport(out, item)) return refuse(text, "\"" + std::string(item) + "\" named twice");
    out.emplace_back(item);
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

bool uses_transport(const std::vector<std::string>& schemes, std::string_view scheme) {
  return std::find(schemes.begin(), schemes.end(), scheme) != schemes.end();
}

}  // namespace corrent::cli
