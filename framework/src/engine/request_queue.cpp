#include "corrent/engine/request_queue.hpp"

#include <algorithm>
#include <limits>

#include "corrent/engine/limits.hpp"

namespace corrent::engine {

std::size_t request_queue_depth(std::uint64_t rate_bytes_per_s, std::uint32_t peer_reqq) noexcept {
  const std::uint64_t seconds = static_cast<std::uint64_t>(kRequestQueueTime.count());
  const std::uint64_t bytes = rate_bytes_per_s > std::numeric_limits<std::uint64_t>::max() / seconds
                                  ? std::numeric_limits<std::uint64_t>::max()
                                  : rate_bytes_per_s * seconds;
  const std::uint64_t upper =
      std::max<std::uint64_t>(1, std::min<std::uint64_t>(peer_reqq, kMaxRequestQueue));
  const std::uint64_t lower = std::min<std::uint64_t>(kMinRequestQueue, upper);
  return static_cast<std::size_t>(std::clamp<std::uint64_t>(bytes / kBlockSize, lower, upper));
}

}  // namespace corrent::engine
