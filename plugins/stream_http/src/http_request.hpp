#pragma once
// An HTTP/1.1 request head (RFC 9112 sections 2 to 5), sans I/O: where a head ends in the
// bytes read so far, and its parse. The server serves GET and HEAD without bodies, so a
// request that announces a body is refused rather than skipped.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corrent/core/result.hpp"

namespace corrent::stream_http {

struct HttpRequest {
  std::string method;     // as sent, case-sensitive (RFC 9110): "GET", "HEAD", "POST", "DELETE"
  std::string target;     // origin-form as sent: starts with '/', query included
  int minor_version = 1;  // HTTP/1.0 or HTTP/1.1 only
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, values trimmed of OWS

  /// The first header named `name` (lower-case), or nullopt.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;
  /// HTTP/1.1 unless "Connection: close" (token list, case-insensitive); HTTP/1.0 only
  /// with "Connection: keep-alive".
  [[nodiscard]] bool keep_alive() const;
};

/// Offset just past the blank line ending a request head ("\r\n\r\n"; a bare "\n\n" is
/// accepted too), or nullopt if not there yet. Empty lines before the request line are
/// not a head's end (RFC 9112 section 2.2 has them ignored; parse_request skips them).
[[nodiscard]] std::optional<std::size_t> find_head_end(std::string_view buffer);

/// Parses a head (through its blank line, and nothing after it). Refuses: malformed
/// request line or header line, obs-fold (line starting with SP/HT), header name with bad
/// token chars, NUL/CR inside values, a target not in origin-form or longer than
/// kMaxTargetLength, versions other than HTTP/1.0 and 1.1 (version_not_supported), more
/// than kMaxHeaderCount headers, a head longer than kMaxRequestHead, Transfer-Encoding
/// present or Content-Length other than "0" (body_not_allowed), several Content-Length or
/// Host headers (bad_request), HTTP/1.1 without Host (bad_request).
[[nodiscard]] Result<HttpRequest> parse_request(std::string_view head);

}  // namespace corrent::stream_http
