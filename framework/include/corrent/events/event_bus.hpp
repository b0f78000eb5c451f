#pragma once
// EventBus: where the session's events go, readable by callback (synchronous, on the
// network executor) or as an awaitable EventStream (over a bounded queue).
//
// Per-block events are coalesced per piece: a BlockReceived that continues the newest
// queued one (same peer, same piece, the next bytes) is folded into it, so a reader that
// keeps up sees every block and one that falls behind sees a run of blocks as one event,
// with no byte unaccounted for and no growth in memory.
//
// Never dropped silently: when a stream holds its capacity, progress events are dropped,
// while lifecycle and error events are still queued, up to kMaxStreamOverflow beyond it,
// and are delivered in order once the reader catches up. Where events were dropped the
// reader finds a Lagged{count} event, in order, and dropped() counts them all. Memory per
// stream is bounded: its capacity plus kMaxStreamOverflow events. Subscribers and streams
// may take only some kinds of event (EventMask).
//
// The queue is ours, not an asio channel: asio 1.22's channel, once a waiting receive was
// cancelled (`next() || timer`), refused try_send into its empty buffer, which stalled a
// stream for good (the CLI's output stopped mid-download).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <system_error>
#include <vector>

#include <asio/any_io_executor.hpp>

#include "corrent/core/condition.hpp"
#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/events/event.hpp"
#include "corrent/events/limits.hpp"

namespace corrent::events {

namespace detail {
struct BusState;
struct StreamState {
  StreamState(const asio::any_io_executor& executor, std::size_t capacity, EventMask mask);
  Condition ready;          // notified when an event is queued or the bus goes away
  std::deque<Event> queue;  // in order, markers included
  std::size_t capacity;     // progress events are queued only below it
  EventMask mask;
  bool closed = false;      // the bus is gone
  std::uint64_t lag = 0;    // dropped since the last Lagged marker was queued
  std::uint64_t dropped = 0;
  std::uint64_t coalesced = 0;  // BlockReceived events folded into the one before
};
}  // namespace detail

/// Keeps a callback subscribed; unsubscribes when destroyed. May outlive the bus.
class Subscription {
 public:
  Subscription() = default;
  Subscription(std::weak_ptr<detail::BusState> bus, std::uint64_t id)
      : bus_(std::move(bus)), id_(id) {}
  Subscription(Subscription&& other) noexcept;
  Subscription& operator=(Subscription&& other) noexcept;
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  ~Subscription() { reset(); }
  /// Unsubscribes now.
  void reset();

 private:
  std::weak_ptr<detail::BusState> bus_;
  std::uint64_t id_ = 0;
};

/// The events published since it was made, in order, as an awaitable sequence. Use it on
/// the bus's executor. May outlive the bus (next() then fails once drained).
class EventStream {
 public:
  explicit EventStream(std::shared_ptr<detail::StreamState> state) : state_(std::move(state)) {}

  /// The next event. Waits until one is published; fails with operation_aborted if the
  /// awaiting coroutine is cancelled, and then takes nothing (so `next() || timer` loses no
  /// event), or with broken_pipe once the bus is gone and the stream drained. Waiting for
  /// events is not a network wait: bound it with with_timeout when needed.
  Task<Result<Event>> next();

  /// Events this stream dropped because its reader was behind, in all: progress events when
  /// it held its capacity, and lifecycle events past kMaxStreamOverflow. The reader also
  /// finds each run of them as a Lagged event, where they would have been.
  [[nodiscard]] std::uint64_t dropped() const { return state_->dropped; }
  /// BlockReceived events folded into the queued one before them (same peer, same piece,
  /// contiguous): lost to no one, their bytes are in that event's length.
  [[nodiscard]] std::uint64_t coalesced() const { return state_->coalesced; }

 private:
  std::shared_ptr<detail::StreamState> state_;
};

/// Fans each published event out to subscribers and streams. Single executor, no locks.
class EventBus {
 public:
  using Callback = std::function<void(const Event&)>;

  explicit EventBus(asio::any_io_executor executor);
  ~EventBus();
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  /// Calls `callback` synchronously, on the publishing (network) executor, for each event
  /// of a kind in `mask` published while the returned Subscription lives. The callback
  /// must not block; it may publish, subscribe or unsubscribe.
  [[nodiscard]] Subscription subscribe(Callback callback, EventMask mask = EventMask::all());

  /// A stream of the events of a kind in `mask` published from now on, buffering
  /// `capacity` (>= 1) of them.
  [[nodiscard]] EventStream stream(std::size_t capacity = kDefaultStreamCapacity,
                                   EventMask mask = EventMask::all());

  /// Delivers `event` to every subscriber, then to every stream. Call on the executor.
  void publish(const Event& event);

 private:
  std::shared_ptr<detail::BusState> state_;
};

}  // namespace corrent::events
