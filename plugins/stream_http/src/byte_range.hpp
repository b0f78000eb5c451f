#pragma once
// The Range header of a GET for one resource (RFC 9110 section 14), sans I/O: which bytes
// to send, and the Content-Range that names them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace corrent::stream_http {

/// Bytes first..last of a resource, both included; first <= last.
struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  [[nodiscard]] std::uint64_t length() const { return last - first + 1; }
};

enum class RangeKind {
  whole,          ///< 200 with the whole resource
  partial,        ///< 206 with `range`
  unsatisfiable,  ///< 416 with unsatisfied_content_range()
  multiple,       ///< several ranges: 416 too (we send no multipart/byteranges)
};

struct RangeRequest {
  RangeKind kind = RangeKind::whole;
  ByteRange range;  ///< meaningful for `partial` only
};

/// `header` is the Range header's value if any; `size` the resource's size. No header,
/// another unit, or a malformed value: whole (RFC 9110 lets a server ignore Range).
/// "bytes=a-b" (b clipped to size-1), "bytes=a-", "bytes=-n" (suffix; n clipped to size):
/// partial. first >= size, suffix of 0, or any range on an empty resource: unsatisfiable.
/// More than one range spec (a comma between two): multiple; only the first spec is
/// parsed, so the work is bounded whatever the header holds. A number of more than
/// kMaxRangeDigits digits is malformed (whole), never overflowed.
[[nodiscard]] RangeRequest resolve_range(std::optional<std::string_view> header, std::uint64_t size);

/// "bytes 0-99/1000": the Content-Range of a 206.
[[nodiscard]] std::string content_range(const ByteRange& r, std::uint64_t size);
/// "bytes */1000": the Content-Range of a 416.
[[nodiscard]] std::string unsatisfied_content_range(std::uint64_t size);

}  // namespace corrent::stream_http
