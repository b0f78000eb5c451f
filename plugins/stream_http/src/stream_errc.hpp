#pragma once
// Why the streaming server refused a request ("corrent.stream_http"), and the status each
// refusal is answered with.

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::stream_http {

enum class errc {
  ok = 0,
  bad_request,            ///< a malformed request line or header, or a missing Host: 400
  head_too_large,         ///< the head is longer than kMaxRequestHead: 431
  too_many_headers,       ///< more than kMaxHeaderCount header lines: 431
  target_too_long,        ///< the target is longer than kMaxTargetLength: 414
  version_not_supported,  ///< neither HTTP/1.0 nor HTTP/1.1: 505
  body_not_allowed,       ///< Transfer-Encoding, or a Content-Length other than 0: 413
};

std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.stream_http"; }
CORRENT_ERROR_ENUM(errc)

/// The HTTP status that answers a refusal (400 for `ok` and anything unknown, so that a
/// caller never answers 200 to a refused request).
[[nodiscard]] int status_for(errc e) noexcept;

}  // namespace corrent::stream_http

CORRENT_ERROR_ENUM_TRAIT(corrent::stream_http::errc);
