#pragma once
// What the service shares with its connections: the settings, the Host check and the
// counters /api/stats reports. Owned by StreamService::run(), which outlives every
// connection (it stops them before it returns).

#include <cstdint>

#include "host_check.hpp"
#include "stream_settings.hpp"

namespace corrent::stream_http {

/// What the server did, for /api/stats (tests and the benchmark read it).
struct ServeCounters {
  std::uint64_t connections = 0;       ///< accepted and served
  std::uint64_t refused = 0;           ///< answered 503: over max_connections
  std::uint64_t responses = 0;         ///< responses whose head was sent
  std::uint64_t bodies_cut = 0;        ///< file bodies ended early (the reader left: a seek)
  std::uint64_t requests_cancelled = 0;  ///< block requests cancelled when a reader left
};

struct ServerState {
  ServerState(StreamSettings s, const net::Endpoint& bound)
      : settings(std::move(s)), hosts(bound, settings.allowed_hosts) {}
  StreamSettings settings;
  HostCheck hosts;
  ServeCounters counters;
};

}  // namespace corrent::stream_http
