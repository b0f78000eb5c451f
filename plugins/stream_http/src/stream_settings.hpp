#pragma once
// What the "stream_http" section decides (read in register.cpp only).

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "corrent/net/endpoint.hpp"
#include "serve_limits.hpp"

namespace corrent::stream_http {

struct StreamSettings {
  net::Endpoint bind = net::Endpoint::v4({127, 0, 0, 1}, 0);  ///< port 0: any free one
  std::size_t max_connections = kDefaultMaxConnections;
  std::string token;                        ///< never empty once the service runs
  std::vector<std::string> allowed_hosts;   ///< lower-case, beside the server's own names
  std::chrono::seconds read_ahead{kDefaultReadAheadSeconds};
  /// Where torrents added through the API (a magnet link) download; empty: adding is off.
  std::string download_dir;
  /// The picker of torrents added through the API; empty: the session's.
  std::string picker;
  /// kHeadTimeout, shorter in tests (not a configuration key).
  std::chrono::milliseconds head_timeout = kHeadTimeout;
};

}  // namespace corrent::stream_http
