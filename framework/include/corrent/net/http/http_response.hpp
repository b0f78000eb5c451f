#pragma once
// A complete HTTP response. Sans-I/O.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corrent::net::http {

/// Status, headers (in order, names as sent) and the decoded body (chunking removed).
struct HttpResponse {
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  /// The value of the first header called `name` (case-insensitive), or nullopt.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;
  /// 300..399 (a redirect, when it has a Location).
  [[nodiscard]] bool is_redirect() const { return status >= 300 && status < 400; }
};

}  // namespace corrent::net::http
