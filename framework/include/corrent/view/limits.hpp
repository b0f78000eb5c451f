#pragma once
// Bounds of what a SessionView gives its services.

#include <cstddef>

namespace corrent {

/// The most bytes one SessionView::read() returns. A read allocates its whole range, so
/// this bounds the memory one request of a service (an HTTP range request, say) can pin;
/// a streaming server reads in chunks of this or less. 16 MiB: a few pieces of a large
/// torrent, several seconds of an HD video.
inline constexpr std::size_t kMaxReadLength = 16 * 1024 * 1024;

}  // namespace corrent
