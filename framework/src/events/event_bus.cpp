#include "corrent/events/event_bus.hpp"

#include <algorithm>
#include <utility>

#include <asio/error.hpp>
#include <asio/this_coro.hpp>

namespace corrent::events {

namespace detail {

struct BusState {
  struct Subscriber {
    std::uint64_t id;
    EventBus::Callback callback;  // empty once unsubscribed during a delivery
    EventMask mask;
  };
  asio::any_io_executor executor;
  std::vector<Subscriber> subscribers;
  std::vector<std::weak_ptr<StreamState>> streams;
  std::uint64_t next_id = 1;
  int delivering = 0;  // nested publish() depth: subscribers are erased only at depth 0

  void remove(std::uint64_t id) {
    for (auto& s : subscribers) {
      if (s.id == id) s.callback = nullptr;
    }
    if (delivering == 0) compact();
  }
  void compact() {
    std::erase_if(subscribers, [](const Subscriber& s) { return !s.callback; });
  }
};

StreamState::StreamState(const asio::any_io_executor& executor, std::size_t capacity, EventMask mask)
    : ready(executor), capacity(capacity), mask(mask) {}

namespace {

// Folds `event` into the newest queued event when both are BlockReceived from one peer for
// one piece and `event` continues it: a reader that is behind then finds one event for a
// run of blocks, with their total length, rather than a thousand.
bool coalesce(StreamState& stream, const Event& event) {
  const auto* block = std::get_if<BlockReceived>(&event);
  if (block == nullptr || stream.queue.empty() || stream.lag > 0) return false;
  auto* tail = std::get_if<BlockReceived>(&stream.queue.back());
  if (tail == nullptr || tail->endpoint != block->endpoint || tail->piece != block->piece ||
      std::uint64_t{tail->begin} + tail->length != block->begin) {
    return false;
  }
  tail->length += block->length;
  ++stream.coalesced;
  return true;
}

void deliver(StreamState& stream, const Event& event) {
  if (!stream.mask.contains(event)) return;
  if (coalesce(stream, event)) return;
  // A progress event only below the capacity, a lifecycle event up to kMaxStreamOverflow
  // beyond it; the marker of what was dropped before it goes first.
  const bool progress = classify(event) == EventClass::progress;
  const std::size_t limit = progress ? stream.capacity : stream.capacity + kMaxStreamOverflow;
  const std::size_t needed = stream.lag > 0 ? 2 : 1;
  if (stream.queue.size() + needed > limit) {
    ++stream.lag;
    ++stream.dropped;
    return;
  }
  if (stream.lag > 0) stream.queue.emplace_back(Lagged{std::exchange(stream.lag, 0)});
  stream.queue.push_back(event);
  stream.ready.notify_all();
}

}  // namespace

}  // namespace detail

Subscription::Subscription(Subscription&& other) noexcept
    : bus_(std::move(other.bus_)), id_(std::exchange(other.id_, 0)) {}

Subscription& Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    reset();
    bus_ = std::move(other.bus_);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

void Subscription::reset() {
  if (auto bus = bus_.lock(); bus && id_ != 0) bus->remove(id_);
  bus_.reset();
  id_ = 0;
}

Task<Result<Event>> EventStream::next() {
  // Held by value: the stream object may be moved while we wait.
  const auto state = state_;
  for (;;) {
    // Checked before anything is taken: a cancelled reader leaves the event queued.
    const auto cancellation = co_await asio::this_coro::cancellation_state;
    if (cancellation.cancelled() != asio::cancellation_type::none) co_return fail(asio::error::operation_aborted);
    if (!state->queue.empty()) {
      Event event = std::move(state->queue.front());
      state->queue.pop_front();
      co_return event;
    }
    // The reader caught up after a drop: it learns of the gap at once.
    if (state->lag > 0) co_return Event(Lagged{std::exchange(state->lag, 0)});
    if (state->closed) co_return fail(std::make_error_code(std::errc::broken_pipe));
    const bool woken = co_await state->ready.wait();
    if (!woken) co_return fail(asio::error::operation_aborted);
  }
}

EventBus::EventBus(asio::any_io_executor executor)
    : state_(std::make_shared<detail::BusState>()) {
  state_->executor = std::move(executor);
}

EventBus::~EventBus() {
  for (const auto& weak : state_->streams) {
    if (auto stream = weak.lock()) {
      stream->closed = true;
      stream->ready.notify_all();
    }
  }
}

Subscription EventBus::subscribe(Callback callback, EventMask mask) {
  const auto id = state_->next_id++;
  state_->subscribers.push_back({id, std::move(callback), mask});
  return Subscription(state_, id);
}

EventStream EventBus::stream(std::size_t capacity, EventMask mask) {
  auto state = std::make_shared<detail::StreamState>(state_->executor, std::max<std::size_t>(capacity, 1), mask);
  std::erase_if(state_->streams, [](const auto& weak) { return weak.expired(); });
  state_->streams.push_back(state);
  return EventStream(std::move(state));
}

void EventBus::publish(const Event& event) {
  const auto state = state_;  // a callback may destroy the bus
  ++state->delivering;
  // By index: a callback may subscribe (push_back) while we iterate.
  for (std::size_t i = 0; i < state->subscribers.size(); ++i) {
    if (state->subscribers[i].callback && state->subscribers[i].mask.contains(event)) {
      auto callback = state->subscribers[i].callback;  // survives its own unsubscription
      callback(event);
    }
  }
  if (--state->delivering == 0) state->compact();
  for (const auto& weak : state->streams) {
    if (auto stream = weak.lock()) detail::deliver(*stream, event);
  }
}

}  // namespace corrent::events
