#include "corrent/events/event_bus.hpp"

#include <algorithm>
#include <utility>

#include <asio/error.hpp>

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
    : channel(executor, capacity), mask(mask) {}

namespace {

// The channel itself says whether it has room (try_send): no count of ours, which a
// receive lost to a cancellation (`next() || timer`) would leave wrong for good.
bool try_send(StreamState& stream, const Event& event) {
  return stream.channel.try_send(std::error_code{}, Event(event));
}

// Behind everything the stream holds: into the channel while nothing waits in the
// overflow and the channel takes it, else at the overflow's end.
void push(StreamState& stream, const Event& event) {
  if (stream.overflow.empty() && try_send(stream, event)) return;
  stream.overflow.push_back(event);
}

void drop(StreamState& stream) {
  ++stream.lag;
  ++stream.dropped;
}

void deliver(StreamState& stream, const Event& event) {
  if (!stream.mask.contains(event)) return;
  if (classify(event) == EventClass::progress) {
    // Only straight into the channel, never behind a waiting lifecycle event; the marker
    // of what was dropped before it goes first.
    if (!stream.overflow.empty()) return drop(stream);
    if (stream.lag > 0) {
      if (!try_send(stream, Lagged{stream.lag})) return drop(stream);
      stream.lag = 0;
    }
    if (!try_send(stream, event)) drop(stream);
    return;
  }
  const std::size_t needed = stream.lag > 0 ? 2 : 1;  // the event, and the marker before it
  if (stream.overflow.size() + needed > kMaxStreamOverflow) return drop(stream);
  if (stream.lag > 0) push(stream, Lagged{std::exchange(stream.lag, 0)});
  push(stream, event);
}

// The reader took one: move what waits into the channel, in order, then the marker of
// what was dropped after it, so a reader that catches up learns of the gap at once.
void refill(StreamState& stream) {
  while (!stream.overflow.empty() && try_send(stream, stream.overflow.front())) stream.overflow.pop_front();
  if (stream.lag > 0 && stream.overflow.empty() && try_send(stream, Lagged{stream.lag})) stream.lag = 0;
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

EventStream::~EventStream() {
  if (state_) state_->channel.close();
}

Task<Result<Event>> EventStream::next() {
  // Held by value: the stream object may be moved while we wait.
  const auto state = state_;
  auto [ec, event] = co_await state->channel.async_receive(use_nothrow);
  if (ec) co_return tl::make_unexpected(ec);
  detail::refill(*state);
  co_return std::move(event);
}

EventBus::EventBus(asio::any_io_executor executor)
    : state_(std::make_shared<detail::BusState>()) {
  state_->executor = std::move(executor);
}

EventBus::~EventBus() {
  for (const auto& weak : state_->streams) {
    if (auto stream = weak.lock()) stream->channel.close();
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
