#pragma once
// Why an HTTP request failed (category "corrent.http"). Socket errors keep Asio's codes.

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::net::http {

enum class errc {
  ok = 0,
  bad_status_line,      ///< the first line is not "HTTP/1.x NNN reason"
  bad_header,           ///< a header line without ':' or with forbidden bytes
  headers_too_large,    ///< the status line and headers exceed ResponseLimits::max_header_bytes
  too_many_headers,     ///< more than ResponseLimits::max_headers header lines
  bad_content_length,   ///< Content-Length not decimal, conflicting, or too large
  bad_chunk,            ///< a malformed chunk size line or chunk terminator
  body_too_large,       ///< the body exceeds ResponseLimits::max_body_bytes
  unexpected_eof,       ///< the connection closed before the response was complete
  trailing_data,        ///< bytes after a complete response
  too_many_redirects,   ///< more than HttpOptions::max_redirects redirects
  bad_redirect,         ///< a redirect without Location, or to an unusable URL
  unsupported_scheme,   ///< neither http nor https
  timed_out,            ///< a receive or total timeout passed
  tls_failed,           ///< TLS could not be set up (no certificate store)
  resolve_failed,       ///< the host name has no address
};

std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.http"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::net::http

CORRENT_ERROR_ENUM_TRAIT(corrent::net::http::errc);
