#include "corrent/net/http/errc.hpp"

namespace corrent::net::http {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "ok";
    case errc::bad_status_line: return "bad HTTP status line";
    case errc::bad_header: return "bad HTTP header line";
    case errc::headers_too_large: return "HTTP headers too large";
    case errc::too_many_headers: return "too many HTTP headers";
    case errc::bad_content_length: return "bad Content-Length";
    case errc::bad_chunk: return "bad HTTP chunk";
    case errc::body_too_large: return "HTTP body too large";
    case errc::unexpected_eof: return "connection closed before the end of the HTTP response";
    case errc::trailing_data: return "bytes after the end of the HTTP response";
    case errc::too_many_redirects: return "too many HTTP redirects";
    case errc::bad_redirect: return "HTTP redirect without a usable Location";
    case errc::unsupported_scheme: return "URL scheme is neither http nor https";
    case errc::timed_out: return "HTTP request timed out";
    case errc::tls_failed: return "TLS could not be set up";
    case errc::resolve_failed: return "host name has no address";
  }
  return "unknown HTTP error";
}

}  // namespace corrent::net::http
