#include "corrent/wire/send_queue.hpp"

#include <utility>

namespace corrent::wire {

SendQueue::Waiter::Waiter(const asio::any_io_executor& executor)
    : done(executor) {}

SendQueue::SendQueue(asio::any_io_executor executor, std::size_t limit)
    : executor_(std::move(executor)),
      limit_(limit == 0 ? 1 : limit),
      has_entry_(executor_),
      has_room_(executor_) {}

void SendQueue::push(Entry entry) {
  entries_.push_back(std::move(entry));
  has_entry_.notify_all();
}

std::optional<SendQueue::Entry> SendQueue::pop() {
  while (!entries_.empty()) {
    Entry e = std::move(entries_.front());
    entries_.pop_front();
    has_room_.notify_one();
    if (e.waiter && e.waiter->abandoned) continue;
    return e;
  }
  return std::nullopt;
}

Task<void> SendQueue::wait_for_room() {
  (void)co_await has_room_.wait_until([this] { return !full() || !accepting(); });
}

Task<void> SendQueue::wait_for_entry() {
  (void)co_await has_entry_.wait_until([this] { return !entries_.empty() || !accepting(); });
}

void SendQueue::finish() {
  finishing_ = true;
  has_entry_.notify_all();
  has_room_.notify_all();
}

void SendQueue::close(std::error_code why) {
  closed_ = true;
  for (auto& e : entries_) {
    if (e.waiter && !e.waiter->finished) {
      e.waiter->finished = true;
      e.waiter->error = why;
      e.waiter->done.notify_all();
    }
  }
  entries_.clear();
  has_entry_.notify_all();
  has_room_.notify_all();
}

}  // namespace corrent::wire
