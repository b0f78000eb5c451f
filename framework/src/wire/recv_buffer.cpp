#include "corrent/wire/recv_buffer.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace corrent::wire {

RecvBuffer::RecvBuffer(std::size_t max_size) : max_size_(max_size) {}

std::span<std::byte> RecvBuffer::free_space(std::size_t at_least) {
  // At least one byte unless full, so an empty span always means "full".
  const std::size_t want = std::min(std::max<std::size_t>(at_least, 1), max_size_ - size());
  if (storage_.size() - end_ >= want) {
    return {storage_.data() + end_, storage_.size() - end_};
  }
  // Move the unconsumed bytes to the front: at most one copy of what is left, which is
  // little (a partial message) in the steady state.
  if (begin_ > 0) {
    const std::size_t n = size();
    if (n > 0) std::memmove(storage_.data(), storage_.data() + begin_, n);
    begin_ = 0;
    end_ = n;
  }
  if (storage_.size() - end_ < want) {
    // Grow geometrically so a large message costs O(log n) reallocations, never past max.
    const std::size_t grown = std::max(storage_.size() * 2, end_ + want);
    storage_.resize(std::min(grown, max_size_));
  }
  return {storage_.data() + end_, storage_.size() - end_};
}

void RecvBuffer::commit(std::size_t n) noexcept {
  assert(n <= storage_.size() - end_);
  end_ += n;
}

std::span<const std::byte> RecvBuffer::data() const noexcept {
  return {storage_.data() + begin_, end_ - begin_};
}

void RecvBuffer::consume(std::size_t n) noexcept {
  assert(n <= size());
  begin_ += n;
  if (begin_ == end_) begin_ = end_ = 0;  // empty: start over at the front, no copy
}

}  // namespace corrent::wire
