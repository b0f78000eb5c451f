#include "corrent/throttle/scheduler.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/this_coro.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/throttle/limits.hpp"

namespace corrent::throttle {

namespace {

// One transfer waiting for tokens; lives in its acquire() frame.
struct Waiter {
  std::span<TokenBucket* const> buckets;
  std::size_t want = 0;
  std::size_t granted = 0;
  Timer wake;  // never expires: cancelled when the waiter is served
};

// The least a waiter wanting `want` may be granted.
std::size_t least(std::size_t want) { return std::min(want, kMinGrant); }

// What every limited bucket of `buckets` can give now, capped at `want`.
std::size_t grantable(std::span<TokenBucket* const> buckets, std::size_t want) {
  std::uint64_t g = want;
  for (TokenBucket* b : buckets) {
    if (b != nullptr && b->limited()) g = std::min(g, b->available());
  }
  return static_cast<std::size_t>(g);
}

void take(std::span<TokenBucket* const> buckets, std::size_t n) {
  for (TokenBucket* b : buckets) {
    if (b != nullptr) b->take(n);
  }
}

}  // namespace

struct Scheduler::State {
  explicit State(asio::any_io_executor e) : executor(std::move(e)) {}
  asio::any_io_executor executor;
  std::vector<Waiter*> waiters;  // oldest first
  bool ticking = false;
  bool closed = false;
  Timer* tick = nullptr;  // the tick loop's timer while it waits
};

namespace {

void serve(Waiter* w, std::size_t n) {
  take(w->buckets, n);
  w->granted = n;
  w->wake.cancel();
}

// The turn: even shares per bucket first, then what is left, oldest first.
void hand_out(Scheduler::State& s) {
  if (s.waiters.empty()) return;
  const auto now = Clock::now();
  // Each limited bucket with the waiters drawing from it, then with its even share.
  std::vector<std::pair<TokenBucket*, std::uint64_t>> shares;
  for (Waiter* w : s.waiters) {
    for (TokenBucket* b : w->buckets) {
      if (b == nullptr || !b->limited()) continue;
      b->refill(now);
      auto it = std::find_if(shares.begin(), shares.end(), [b](const auto& d) { return d.first == b; });
      if (it == shares.end()) shares.emplace_back(b, 1);
      else ++it->second;
    }
  }
  for (auto& [b, n] : shares) n = std::max<std::uint64_t>(b->available() / n, 1);
  auto share_of = [&shares](TokenBucket* b) {
    return std::find_if(shares.begin(), shares.end(), [b](const auto& d) { return d.first == b; })->second;
  };
  for (Waiter* w : s.waiters) {
    std::uint64_t g = grantable(w->buckets, w->want);
    for (TokenBucket* b : w->buckets) {
      if (b != nullptr && b->limited()) g = std::min(g, share_of(b));
    }
    if (g >= least(w->want)) serve(w, static_cast<std::size_t>(g));
  }
  for (Waiter* w : s.waiters) {
    if (w->granted != 0) continue;
    const std::size_t g = grantable(w->buckets, w->want);
    if (g >= least(w->want)) serve(w, g);
  }
  std::erase_if(s.waiters, [](const Waiter* w) { return w->granted != 0; });
}

Task<void> tick_loop(std::shared_ptr<Scheduler::State> s) {
  Timer timer(s->executor);
  while (!s->closed && !s->waiters.empty()) {
    timer.expires_after(kTick);
    s->tick = &timer;
    (void)co_await timer.async_wait(use_nothrow);
    s->tick = nullptr;
    if (s->closed) break;
    hand_out(*s);
  }
  s->ticking = false;
}

void ensure_ticking(const std::shared_ptr<Scheduler::State>& s) {
  if (s->ticking || s->closed) return;
  s->ticking = true;
  asio::co_spawn(s->executor, tick_loop(s), asio::detached);
}

}  // namespace

Scheduler::Scheduler(asio::any_io_executor executor) : state_(std::make_shared<State>(std::move(executor))) {}

Scheduler::~Scheduler() {
  state_->closed = true;
  if (state_->tick != nullptr) state_->tick->cancel();
  for (Waiter* w : std::exchange(state_->waiters, {})) w->wake.cancel();
}

bool Scheduler::any_limited(std::span<TokenBucket* const> buckets) noexcept {
  return std::any_of(buckets.begin(), buckets.end(), [](const TokenBucket* b) { return b != nullptr && b->limited(); });
}

Task<std::size_t> Scheduler::acquire(std::span<TokenBucket* const> buckets, std::size_t want) {
  if (want == 0 || state_->closed) co_return 0;
  if (!any_limited(buckets)) co_return want;
  // Nobody ahead: served at once if the buckets hold enough.
  if (state_->waiters.empty()) {
    const auto now = Clock::now();
    for (TokenBucket* b : buckets) {
      if (b != nullptr) b->refill(now);
    }
    const std::size_t g = grantable(buckets, want);
    if (g >= least(want)) {
      take(buckets, g);
      co_return g;
    }
  }
  auto state = state_;  // the scheduler may go while we wait; its state may not
  Waiter w{buckets, want, 0, Timer(state->executor, Clock::time_point::max())};
  state->waiters.push_back(&w);
  // Out of the queue however this frame ends: served, cancelled, or destroyed unresumed.
  struct Unlink {
    State& s;
    Waiter* w;
    ~Unlink() { std::erase(s.waiters, w); }
  } unlink{*state, &w};
  ensure_ticking(state);
  (void)co_await w.wake.async_wait(use_nothrow);
  const auto after = co_await asio::this_coro::cancellation_state;  // named: GCC 12
  if (after.cancelled() != asio::cancellation_type::none && w.granted != 0) {
    give_back(buckets, w.granted);
    co_return 0;
  }
  co_return w.granted;
}

void Scheduler::give_back(std::span<TokenBucket* const> buckets, std::size_t n) noexcept {
  if (n == 0) return;
  for (TokenBucket* b : buckets) {
    if (b != nullptr) b->give_back(n);
  }
}

void Scheduler::rates_changed() { hand_out(*state_); }

std::size_t Scheduler::waiting() const noexcept { return state_->waiters.size(); }

}  // namespace corrent::throttle
