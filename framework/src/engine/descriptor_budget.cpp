#include "corrent/engine/descriptor_budget.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace corrent::engine {

DescriptorBudget split_descriptors(std::uint64_t limit) {
  if (limit <= kReservedDescriptors + kMinFileDescriptors) {
    return {0, kMinFileDescriptors};
  }
  const std::uint64_t usable = limit - kReservedDescriptors;
  const std::uint64_t files = std::max<std::uint64_t>(usable / kFileDescriptorDivisor,
                                                      kMinFileDescriptors);
  return {static_cast<std::size_t>(usable - files), static_cast<std::size_t>(files)};
}

std::uint64_t descriptor_limit(bool raise) {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return 1024;  // the usual default
  if (raise && lim.rlim_cur != RLIM_INFINITY) {
    const rlim_t hard = lim.rlim_max == RLIM_INFINITY ? kMaxRaisedDescriptors : lim.rlim_max;
    const rlim_t want = std::min<rlim_t>(hard, kMaxRaisedDescriptors);
    if (want > lim.rlim_cur) {
      rlimit raised = lim;
      raised.rlim_cur = want;
      if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
    }
  }
  if (lim.rlim_cur == RLIM_INFINITY) return kMaxRaisedDescriptors;
  return lim.rlim_cur;
}

}  // namespace corrent::engine
