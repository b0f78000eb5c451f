#pragma once
// What a ranged GET must get back (RFC 9110 sections 14.2 and 14.4), sans I/O: a 206 whose
// Content-Range is the range asked and whose body is that long, or a 200 whose body is
// the whole file (a server without range support), sliced here.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "corrent/core/result.hpp"
#include "corrent/net/http/http_response.hpp"

namespace corrent::webseed {

/// Bytes [first, first + length) of a file of file_size bytes; length > 0.
struct RangeAsked {
  std::uint64_t first = 0;
  std::uint64_t length = 0;
  std::uint64_t file_size = 0;
  [[nodiscard]] std::uint64_t last() const { return first + length - 1; }
};

/// The Range header's value: "bytes=first-last".
[[nodiscard]] std::string range_header(const RangeAsked& asked);

/// The largest body to accept: the range, or the whole file when that is small enough to
/// take from a server that ignores Range (kMaxWholeFileBody).
[[nodiscard]] std::size_t body_bound(const RangeAsked& asked);

/// A parsed "bytes first-last/total" (total nullopt for '*').
struct ContentRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  std::optional<std::uint64_t> total;
};
/// Parses a Content-Range value; nullopt if it is not "bytes A-B/(N|*)" with A <= B.
[[nodiscard]] std::optional<ContentRange> parse_content_range(std::string_view value);

/// The asked bytes inside `response`'s body (borrowing it). Errors (webseed::errc):
/// bad_status (neither 206 nor 200), bad_content_range (206 without a Content-Range
/// naming exactly the range asked, or a total that is not the file's size),
/// bad_body_length (a 206 body that is not the range's length, a 200 body that is not the
/// whole file).
[[nodiscard]] Result<std::string_view> range_body(const net::http::HttpResponse& response, const RangeAsked& asked);

}  // namespace corrent::webseed
