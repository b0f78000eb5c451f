#pragma once
// The head of an HTTP/1.1 response, sans I/O. The caller names every header, including
// Content-Length, Content-Range and Connection.

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corrent::stream_http {

/// A response's headers, in order.
using Headers = std::vector<std::pair<std::string, std::string>>;

/// The reason phrase of the statuses the server answers with (200 204 206 400 403 404 405
/// 408 409 413 414 416 421 431 500 501 503 505); "" for any other (RFC 9112 section 4
/// allows an empty reason).
[[nodiscard]] std::string_view reason_phrase(int status);

/// "HTTP/1.1 206 Partial Content\r\nName: value\r\n...\r\n\r\n". A CR, LF or NUL in a name
/// or value becomes a space, so that no value can end the head or add a header
/// (response splitting).
[[nodiscard]] std::string format_head(int status, std::span<const std::pair<std::string, std::string>> headers);

}  // namespace corrent::stream_http
