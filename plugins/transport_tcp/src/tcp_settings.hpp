#pragma once
// The settings of transport_tcp's worker classes; only register.cpp fills them from the
// configuration section.

#include <chrono>
#include <cstddef>

namespace corrent::transport_tcp {

/// Connect timeout when none is configured: libtorrent's peer_connect_timeout is 15 s.
inline constexpr std::chrono::milliseconds kDefaultConnectTimeout{15000};
/// Half-open connects at once when none is configured: libtorrent's half_open_limit was
/// 100 on systems without a lower OS bound.
inline constexpr std::size_t kDefaultMaxHalfOpen = 100;
/// The listen backlog when none is configured (SOMAXCONN on Linux before 5.4).
inline constexpr int kDefaultListenBacklog = 128;

struct TcpSettings {
  /// A connect gives up after min(this, the caller's timeout).
  std::chrono::milliseconds connect_timeout = kDefaultConnectTimeout;
  /// Connects in progress at once (>= 1). One more waits for a slot, and the wait counts
  /// against its connect timeout: the engine sees a slow connect, not an error to retry.
  std::size_t max_half_open = kDefaultMaxHalfOpen;
  /// TCP_NODELAY: the wire batches its own writes, so Nagle only adds latency.
  bool no_delay = true;
  /// SO_SNDBUF / SO_RCVBUF; 0 leaves the system's (auto-tuned) size.
  int send_buffer_size = 0;
  int receive_buffer_size = 0;
  int listen_backlog = kDefaultListenBacklog;
  /// Serve "[::]" with one socket (IPV6_V6ONLY off) when the system allows; false forces
  /// separate IPv4 and IPv6 sockets (the fallback, also tested this way).
  bool dual_stack_socket = true;
};

}  // namespace corrent::transport_tcp
