#include "stream_errc.hpp"

namespace corrent::stream_http {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "no error";
    case errc::bad_request: return "stream_http: malformed request";
    case errc::head_too_large: return "stream_http: request head too large";
    case errc::too_many_headers: return "stream_http: too many request headers";
    case errc::target_too_long: return "stream_http: request target too long";
    case errc::version_not_supported: return "stream_http: HTTP version not supported";
    case errc::body_not_allowed: return "stream_http: requests may not carry a body";
  }
  return "stream_http: unknown error";
}

int status_for(errc e) noexcept {
  switch (e) {
    case errc::ok:
    case errc::bad_request: return 400;
    case errc::head_too_large:
    case errc::too_many_headers: return 431;
    case errc::target_too_long: return 414;
    case errc::version_not_supported: return 505;
    // We read no bodies, so any announced body is "too large" (RFC 9110 section 15.5.14);
    // the connection must then be closed, as the body's bytes would follow the head.
    case errc::body_not_allowed: return 413;
  }
  return 400;
}

}  // namespace corrent::stream_http
