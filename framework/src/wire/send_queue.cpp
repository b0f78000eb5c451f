#include "corrent/wire/send_queue.hpp"

#include <utility>

namespace corrent::wire {

SendQueue::Waiter::Waiter(const asio::any_io_executor& executor)
    : done(executor, asio::steady_timer::time_point::max()) {}

SendQueue::SendQueue(asio::any_io_executor executor, std::size_t limit)
    : executor_(std::move(executor)),
      limit_(limit == 0 ? 1 : limit),
      has_entry_(executor_, asio::steady_timer::time_point::max()),
      has_room_(executor_, asio::steady_timer::time_point::max()) {}

void SendQueue::push(Entry entry) {
  entries_.push_back(std::move(entry));
  has_entry_.cancel();
}

std::optional<SendQueue::Entry> SendQueue::pop() {
  while (!entries_.empty()) {
    Entry e = std::move(entries_.front());
    entries_.pop_front();
    has_room_.cancel_one();
    if (e.waiter && e.waiter->abandoned) continue;
    return e;
  }
  return std::nullopt;
}

Task<void> SendQueue::wait_for_room() {
  while (full() && accepting()) (void)co_await has_room_.async_wait(use_nothrow);
}

Task<void> SendQueue::wait_for_entry() {
  while (entries_.empty() && accepting()) (void)co_await has_entry_.async_wait(use_nothrow);
}

void SendQueue::finish() {
  finishing_ = true;
  has_entry_.cancel();
  has_room_.cancel();
}

void SendQueue::close(std::error_code why) {
  closed_ = true;
  for (auto& e : entries_) {
    if (e.waiter && !e.waiter->finished) {
      e.waiter->finished = true;
      e.waiter->error = why;
      e.waiter->done.cancel();
    }
  }
  entries_.clear();
  has_entry_.cancel();
  has_room_.cancel();
}

}  // namespace corrent::wire
