#pragma once
// A failed tracker request: an error code plus the text a person needs. Result<T> carries
// only a std::error_code, but a tracker's "failure reason" (HTTP) or error message (UDP
// action 3) is free text chosen by the tracker, and the CLI must print it; so announce and
// scrape return TrackerResult<T> = tl::expected<T, TrackerError>.
//
//   auto r = co_await protocol.announce(url, request);
//   if (!r && r.error().code == tracker::errc::tracker_failure) print(r.error().message);

#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

#include <tl/expected.hpp>

#include "corrent/core/result.hpp"

namespace corrent::tracker {

/// Why a tracker request failed.
struct TrackerError {
  /// What kind of failure: tracker::errc (tracker_failure, timed_out, ...), or a code of
  /// another category (corrent.http, corrent.bencode, asio's system errors) passed through.
  std::error_code code;
  /// Detail for people, possibly empty: the tracker's own failure text for
  /// errc::tracker_failure, "HTTP 404 Not Found" for errc::http_error, the byte offset of a
  /// malformed response, the URL that could not be resolved.
  std::string message;

  /// "reason: detail" (or just the reason when there is no detail); for
  /// errc::tracker_failure, "tracker failure: <the tracker's text>".
  [[nodiscard]] std::string text() const {
    return message.empty() ? code.message() : code.message() + ": " + message;
  }
  friend bool operator==(const TrackerError&, const TrackerError&) = default;
};

/// The result of a tracker request: a T, or a TrackerError.
template <class T>
using TrackerResult = tl::expected<T, TrackerError>;

/// Builds the error side of a TrackerResult from a std::error_code or any error enum
/// with a make_error_code (tracker::errc, std::errc, ...).
template <class E>
[[nodiscard]] auto tracker_fail(E e, std::string message = {}) {
  if constexpr (std::is_same_v<E, std::error_code>) {
    return tl::make_unexpected(TrackerError{e, std::move(message)});
  } else {
    return tl::make_unexpected(TrackerError{make_error_code(e), std::move(message)});
  }
}

/// A TrackerError from a plain error code (no detail).
[[nodiscard]] inline TrackerError to_tracker_error(std::error_code code) { return {code, {}}; }

}  // namespace corrent::tracker
