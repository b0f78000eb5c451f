#pragma once
// The bounds of the events module.

#include <cstddef>

namespace corrent::events {

/// Events an EventStream buffers when its reader gives no capacity.
inline constexpr std::size_t kDefaultStreamCapacity = 256;

/// Lifecycle events an EventStream keeps beyond its capacity while its reader is behind.
/// Past this hard bound a lifecycle event is dropped too, and counted in dropped(): a
/// reader that far behind has stopped reading. (libtorrent's alert queue defaults to
/// 1000 alerts in all; lifecycle events are rare next to progress events.)
inline constexpr std::size_t kMaxStreamOverflow = 4096;

}  // namespace corrent::events
