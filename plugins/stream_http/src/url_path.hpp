#pragma once
// The request-target's path and query (RFC 3986), sans I/O: splitting, percent-decoding
// with the refusals a file server needs, encoding paths for links, and query parameters.

#include <optional>
#include <string>
#include <string_view>

namespace corrent::stream_http {

/// A target's path and query, split at the first '?' (the query without it).
struct Target {
  std::string_view path;
  std::string_view query;
};
[[nodiscard]] Target split_target(std::string_view target);

/// Decodes %XX (either hex case). nullopt on a bad escape, a NUL (encoded or not), or an
/// encoded '/' when `allow_slash` is false (so that one path element cannot become two).
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view s, bool allow_slash = true);

/// Encodes every byte but unreserved (RFC 3986 ALPHA DIGIT - . _ ~) and '/' as %XX
/// (upper-case hex).
[[nodiscard]] std::string percent_encode_path(std::string_view path);

/// The value of `name` in a query "a=1&b=2" (percent-decoded, '+' as space); "" for a
/// name without '='; nullopt if absent or if its value is badly encoded. The first match
/// wins; pairs whose name cannot be decoded are skipped.
[[nodiscard]] std::optional<std::string> query_param(std::string_view query, std::string_view name);

}  // namespace corrent::stream_http
