#include "url_parts.hpp"

#include <algorithm>
#include <utility>

namespace corrent::tracker_cli {

std::optional<UrlParts> split_url(std::string_view url) {
  auto parsed = net::parse_url(url);
  if (!parsed) return std::nullopt;
  // parse_url took "scheme://" (a scheme holds no ':') and then an authority that runs to
  // the first '/', '?' or '#' (it drops the fragment first).
  const auto authority_at = url.find("://") + 3;
  const auto end = std::min(url.find_first_of("/?#", authority_at), url.size());
  return UrlParts{std::move(*parsed), url.substr(0, end), url.substr(end)};
}

}  // namespace corrent::tracker_cli
