#pragma once
// SendQueue: a PeerConnection's bounded queue of outgoing messages, drained by its writer
// coroutine. A message is either owned bytes (encoded on the way in: small control
// messages) or a header plus a borrowed body (PIECE blocks, extension payloads), written
// without a copy while its sender waits for the write to finish. Single executor.

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

#include <asio/any_io_executor.hpp>
#include "corrent/core/clock.hpp"

#include "corrent/core/condition.hpp"
#include "corrent/core/task.hpp"

namespace corrent::wire {

class SendQueue {
 public:
  /// Shared by a queued entry with a borrowed body and its sender, who waits on `done`.
  struct Waiter {
    explicit Waiter(const asio::any_io_executor& executor);
    Condition done;           // notified when the entry is written or failed
    bool in_flight = false;   // the writer is writing it now
    bool finished = false;    // written, or failed with `error`
    bool abandoned = false;   // the sender went away first: skip it
    std::error_code error;
  };
  struct Entry {
    std::vector<std::byte> head;          // owned bytes: a whole message, or a header
    std::span<const std::byte> body;      // borrowed, empty for owned messages
    std::shared_ptr<Waiter> waiter;       // set iff body is borrowed
    bool counted_piece = false;           // an owned PIECE counted in pieces_queued()
  };

  SendQueue(asio::any_io_executor executor, std::size_t limit);

  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  [[nodiscard]] bool empty() const { return entries_.empty(); }
  [[nodiscard]] bool full() const { return entries_.size() >= limit_; }
  [[nodiscard]] bool closed() const { return closed_; }
  /// finish() was called: nothing new is accepted, the writer drains what is there.
  [[nodiscard]] bool finishing() const { return finishing_; }
  /// Whether push() is allowed: neither closed nor finishing.
  [[nodiscard]] bool accepting() const { return !closed_ && !finishing_; }
  [[nodiscard]] const asio::any_io_executor& executor() const { return executor_; }

  /// Appends `entry` (room is not checked: wait_for_room() first) and wakes the writer.
  void push(Entry entry);
  /// The first entry not abandoned by its sender, or nullopt when empty. Wakes a sender
  /// waiting for room.
  std::optional<Entry> pop();

  /// Returns once the queue is not full, or no longer accepting. Cancellable.
  Task<void> wait_for_room();
  /// Returns once the queue holds an entry, or is closed or finishing. Cancellable.
  Task<void> wait_for_entry();

  /// Graceful end: no new entries; wakes the writer (to drain and stop) and the senders
  /// waiting for room (to give up).
  void finish();

  /// No more entries: fails every waiting sender with `why` and wakes everyone.
  void close(std::error_code why);

 private:
  asio::any_io_executor executor_;
  std::size_t limit_;
  std::deque<Entry> entries_;
  Condition has_entry_;  // wakes the writer
  Condition has_room_;   // wakes senders
  bool closed_ = false;
  bool finishing_ = false;
};

}  // namespace corrent::wire
