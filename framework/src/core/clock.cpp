#include "corrent/core/clock.hpp"

#include <cstdio>
#include <cstdlib>

namespace corrent {

namespace {

std::atomic<const VirtualTime*> g_virtual_time{nullptr};

Clock::time_point steady_now() noexcept {
  return Clock::time_point(std::chrono::steady_clock::now().time_since_epoch());
}

}  // namespace

Clock::time_point Clock::now() noexcept {
  if (const VirtualTime* v = g_virtual_time.load(std::memory_order_acquire)) return v->now();
  return steady_now();
}

VirtualTime::VirtualTime() : VirtualTime(steady_now()) {}

VirtualTime::VirtualTime(Clock::time_point start) : now_(start) {
  const VirtualTime* expected = nullptr;
  if (!g_virtual_time.compare_exchange_strong(expected, this)) {
    std::fputs("corrent: a second VirtualTime while one exists\n", stderr);
    std::abort();
  }
}

VirtualTime::~VirtualTime() { g_virtual_time.store(nullptr, std::memory_order_release); }

void VirtualTime::advance(Clock::duration by) noexcept {
  if (by > Clock::duration::zero()) now_ += by;
}

void VirtualTime::advance_to(Clock::time_point to) noexcept {
  if (to > now_) now_ = to;
}

}  // namespace corrent
