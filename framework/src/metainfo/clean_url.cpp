#include "metainfo/clean_url.hpp"

namespace corrent::metainfo::detail {

std::optional<std::string> clean_url(std::string_view url) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const std::size_t first = url.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return std::nullopt;
  url = url.substr(first, url.find_last_not_of(kSpace) - first + 1);
  for (char c : url) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7F) return std::nullopt;
  }
  return std::string(url);
}

}  // namespace corrent::metainfo::detail
