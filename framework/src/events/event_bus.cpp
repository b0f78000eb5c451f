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

StreamState::StreamState(const asio::any_io_executor& executor, std::size_t capacity)
    : channel(executor, capacity) {}

namespace {

void deliver(StreamState& stream, const Event& event) {
  if (stream.overflow.empty() && stream.channel.try_send(std::error_code{}, Event(event))) return;
  if (classify(event) == EventClass::progress || stream.overflow.size() >= kMaxStreamOverflow) {
    ++stream.dropped;
    return;
  }
  stream.overflow.push_back(event);
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
  // A slot is free again: move waiting lifecycle events into the channel, in order.
  while (!state->overflow.empty() &&
         state->channel.try_send(std::error_code{}, Event(state->overflow.front()))) {
    state->overflow.pop_front();
  }
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

Subscription EventBus::subscribe(Callback callback) {
  const auto id = state_->next_id++;
  state_->subscribers.push_back({id, std::move(callback)});
  return Subscription(state_, id);
}

EventStream EventBus::stream(std::size_t capacity) {
  auto state = std::make_shared<detail::StreamState>(state_->executor, std::max<std::size_t>(capacity, 1));
  std::erase_if(state_->streams, [](const auto& weak) { return weak.expired(); });
  state_->streams.push_back(state);
  return EventStream(std::move(state));
}

void EventBus::publish(const Event& event) {
  const auto state = state_;  // a callback may destroy the bus
  ++state->delivering;
  // By index: a callback may subscribe (push_back) while we iterate.
  for (std::size_t i = 0; i < state->subscribers.size(); ++i) {
    if (state->subscribers[i].callback) {
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
