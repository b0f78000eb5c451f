#include "content_range.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "webseed_errc.hpp"
#include "webseed_limits.hpp"

namespace corrent::webseed {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A whole decimal number, digits only.
std::optional<std::uint64_t> decimal(std::string_view s) {
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

bool starts_with_bytes(std::string_view s) {
  constexpr std::string_view kUnit = "bytes ";
  if (s.size() < kUnit.size()) return false;
  for (std::size_t i = 0; i < kUnit.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != kUnit[i]) return false;
  }
  return true;
}

}  // namespace

std::string range_header(const RangeAsked& asked) {
  return "bytes=" + std::to_string(asked.first) + "-" + std::to_string(asked.last());
}

std::size_t body_bound(const RangeAsked& asked) {
  const std::uint64_t whole = asked.file_size <= kMaxWholeFileBody ? asked.file_size : 0;
  return static_cast<std::size_t>(std::max(asked.length, whole));
}

std::optional<ContentRange> parse_content_range(std::string_view value) {
  value = trim(value);
  if (!starts_with_bytes(value)) return std::nullopt;
  value.remove_prefix(6);
  const auto dash = value.find('-');
  const auto slash = value.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) return std::nullopt;
  const auto first = decimal(trim(value.substr(0, dash)));
  const auto last = decimal(trim(value.substr(dash + 1, slash - dash - 1)));
  if (!first || !last || *first > *last) return std::nullopt;
  ContentRange range{*first, *last, std::nullopt};
  const auto total = trim(value.substr(slash + 1));
  if (total != "*") {
    range.total = decimal(total);
    if (!range.total || *range.total <= *last) return std::nullopt;
  }
  return range;
}

Result<std::string_view> range_body(const net::http::HttpResponse& response, const RangeAsked& asked) {
  const std::string_view body = response.body;
  if (response.status == 200) {
    // No range support: only the whole file will do.
    if (body.size() != asked.file_size || asked.first + asked.length > asked.file_size) {
      return fail(errc::bad_body_length);
    }
    return body.substr(asked.first, asked.length);
  }
  if (response.status != 206) return fail(errc::bad_status);
  const auto header = response.header("Content-Range");
  if (!header) return fail(errc::bad_content_range);
  const auto range = parse_content_range(*header);
  if (!range || range->first != asked.first || range->last != asked.last()) return fail(errc::bad_content_range);
  if (range->total && *range->total != asked.file_size) return fail(errc::bad_content_range);
  if (body.size() != asked.length) return fail(errc::bad_body_length);
  return body;
}

}  // namespace corrent::webseed
