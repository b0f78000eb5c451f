#pragma once
// An incremental HTTP/1.1 response parser: feed it bytes as they arrive, in any pieces.
// Sans-I/O. Handles the status line, headers (obs-fold refused), bodies delimited by
// Content-Length, chunked transfer coding (extensions ignored, trailers skipped) or the
// end of the connection, and responses without a body (1xx, 204, 304, HEAD).
// Every size is bounded (ResponseLimits), and a chunk size is checked before it is used.
//
//   ResponseParser parser{limits};
//   while (!parser.done()) {
//     n = read(buf);
//     if (n == 0) { if (auto r = parser.finish(); !r) fail(r.error()); break; }
//     if (auto r = parser.feed({buf, n}); !r) fail(r.error());
//   }
//   HttpResponse response = std::move(parser).take();

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "corrent/core/result.hpp"
#include "corrent/net/http/http_response.hpp"
#include "corrent/net/http/limits.hpp"

namespace corrent::net::http {

/// Bounds of one response.
struct ResponseLimits {
  std::size_t max_header_bytes = kDefaultMaxHeaderBytes;
  std::size_t max_headers = kDefaultMaxHeaders;
  std::size_t max_body_bytes = kDefaultMaxBodyBytes;
};

/// Parses one response.
class ResponseParser {
 public:
  explicit ResponseParser(ResponseLimits limits = {}, bool head_request = false)
      : limits_(limits), head_request_(head_request) {}

  /// Consumes `data`. Errors (http::errc) are final; the offset counts bytes of the whole
  /// response. Bytes after a complete response are errc::trailing_data.
  ParseResult<void> feed(std::string_view data);
  /// The connection closed: completes a close-delimited body; anything else unfinished is
  /// errc::unexpected_eof.
  ParseResult<void> finish();

  /// The whole response has been parsed.
  [[nodiscard]] bool done() const { return state_ == State::done; }
  /// The headers are complete (status and headers of the response are final).
  [[nodiscard]] bool headers_done() const { return state_ > State::headers; }
  /// The response so far (complete once done()).
  [[nodiscard]] const HttpResponse& response() const { return response_; }
  [[nodiscard]] HttpResponse take() && { return std::move(response_); }

 private:
  enum class State { status_line, headers, body_length, body_close, chunk_size, chunk_data,
                     chunk_data_end, trailers, done };

  ParseResult<void> on_line(std::string_view line);
  ParseResult<void> on_status_line(std::string_view line);
  ParseResult<void> on_header_line(std::string_view line);
  ParseResult<void> on_headers_end();
  ParseResult<void> on_chunk_size(std::string_view line);
  ParseResult<void> append_body(std::string_view data);
  [[nodiscard]] std::size_t line_limit() const;

  ResponseLimits limits_;
  bool head_request_ = false;
  State state_ = State::status_line;
  HttpResponse response_;
  std::string line_;              // the current incomplete line
  std::size_t header_bytes_ = 0;  // status line and headers so far
  std::uint64_t remaining_ = 0;   // body or chunk bytes still expected
  std::size_t offset_ = 0;        // bytes consumed so far
};

}  // namespace corrent::net::http
