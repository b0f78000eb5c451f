#pragma once
// A tracker URL cut where its authority ends, as written: what normalized_url,
// with_default_path and http_tracker_urls keep of a URL, and what they look at after it.

#include <optional>
#include <string_view>

#include "corrent/net/url.hpp"

namespace corrent::tracker_cli {

/// A URL that net::parse_url accepts, and its text cut in two. The parts are the text as
/// written, not normalised as parsed.to_string() is: case, an explicit default port and a
/// fragment are kept.
struct UrlParts {
  net::Url parsed;
  std::string_view base;  ///< "scheme://host[:port]" ("[v6]" with its brackets)
  std::string_view rest;  ///< what follows: path, query and fragment; empty when none
};

/// nullopt when net::parse_url refuses `url`. The views point into `url`.
std::optional<UrlParts> split_url(std::string_view url);

}  // namespace corrent::tracker_cli
