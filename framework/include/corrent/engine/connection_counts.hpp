#pragma once
// What the session's connection bounds hold now, and what they turned away
// (Session::connections()).

#include <cstddef>
#include <cstdint>

namespace corrent::engine {

struct ConnectionCounts {
  std::size_t connections = 0;  ///< every connection, half-open outbound ones included
  std::size_t handshakes = 0;   ///< inbound connections not yet through their handshake
  std::uint64_t refused = 0;    ///< inbound connections closed at once for want of room
  std::uint64_t evicted = 0;    ///< stalled inbound handshakes closed to make room
  std::uint64_t blocked = 0;    ///< connections refused by the IP filter, inbound and outbound
  std::size_t max_connections = 0;  ///< the bound in force (after the descriptor budget)
};

}  // namespace corrent::engine
