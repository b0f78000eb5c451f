#pragma once
// URLs of trackers, web seeds and UPnP devices: scheme://host[:port]/path?query. Sans-I/O.
// Userinfo ("user@host") is refused: no tracker needs it, and it hides the real host from
// a reader of the URL. The host is kept as written (lower-cased); names are resolved by
// the caller. A fragment ("#...") is dropped.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "corrent/core/result.hpp"

namespace corrent::net {

/// A parsed absolute URL.
struct Url {
  std::string scheme;   ///< lower-case: "http", "https", "udp"
  std::string host;     ///< lower-case name, IPv4 literal, or IPv6 literal without brackets
  std::uint16_t port = 0;  ///< the explicit port, else the scheme's default (http 80,
                           ///< https 443), else 0
  bool explicit_port = false;
  std::string target;   ///< path and query, as sent in an HTTP request line ("/" if empty)

  /// Whether the host is an IPv6 literal (it contains ':').
  [[nodiscard]] bool host_is_v6() const { return host.find(':') != std::string::npos; }
  /// The path part of target (before '?').
  [[nodiscard]] std::string_view path() const;
  /// The query part of target (after '?', without it), or "" if none.
  [[nodiscard]] std::string_view query() const;
  /// host, with brackets for IPv6, and ":port" unless it is the scheme's default: the
  /// HTTP Host header's value.
  [[nodiscard]] std::string authority() const;
  /// scheme://authority target
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const Url&, const Url&) = default;
};

/// The default port of `scheme` (http 80, https 443), or nullopt.
[[nodiscard]] std::optional<std::uint16_t> default_port(std::string_view scheme);

/// Parses an absolute URL. Errors (net::errc): bad_url (no "scheme://", empty or invalid
/// host, userinfo, control characters or spaces anywhere, unbalanced brackets, longer than
/// kMaxUrlLength), bad_port (not decimal or above 65535, or 0).
[[nodiscard]] Result<Url> parse_url(std::string_view text);

/// Resolves an HTTP Location value against the URL it came from: an absolute URL
/// ("http://..."), a network-path reference ("//host/x"), an absolute path ("/x") or a
/// relative path ("x", resolved against base's directory). Dot segments are kept as sent.
[[nodiscard]] Result<Url> resolve_reference(const Url& base, std::string_view location);

/// Longest URL accepted.
inline constexpr std::size_t kMaxUrlLength = 8192;

}  // namespace corrent::net
