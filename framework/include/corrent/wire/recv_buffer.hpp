#pragma once
// A peer's receive buffer: read into free_space(), commit() what arrived, frame and
// decode from data(), consume() what was handled. Grows on demand up to a maximum;
// consume() only moves an offset, and the bytes left are moved to the front only when
// free space is asked for and the tail is short.

#include <cstddef>
#include <span>
#include <vector>

#include "corrent/wire/limits.hpp"

namespace corrent::wire {

/// A growable byte buffer bounded by max_size().
///
/// Spans from data() (and the Messages decoded from them) stay valid until the next
/// free_space() call, which may move or reallocate the bytes.
class RecvBuffer {
 public:
  /// `max_size` must hold the largest frame: the Framer's maximum + 4 bytes.
  explicit RecvBuffer(std::size_t max_size = kMaxRecvBufferSize);

  /// Writable space after the buffered bytes, at least min(at_least, max_size() - size())
  /// bytes long (possibly more). Empty only when the buffer is full at max_size().
  [[nodiscard]] std::span<std::byte> free_space(std::size_t at_least = kRecvReadChunk);
  /// Marks the first `n` bytes of the last free_space() as received
  /// (n <= that span's size).
  void commit(std::size_t n) noexcept;

  /// The received bytes not yet consumed.
  [[nodiscard]] std::span<const std::byte> data() const noexcept;
  /// Drops the first `n` bytes of data() (n <= size()).
  void consume(std::size_t n) noexcept;

  [[nodiscard]] std::size_t size() const noexcept { return end_ - begin_; }
  [[nodiscard]] bool empty() const noexcept { return begin_ == end_; }
  /// Bytes currently allocated.
  [[nodiscard]] std::size_t capacity() const noexcept { return storage_.size(); }
  [[nodiscard]] std::size_t max_size() const noexcept { return max_size_; }

 private:
  std::vector<std::byte> storage_;
  std::size_t begin_ = 0;  // first unconsumed byte
  std::size_t end_ = 0;    // one past the last committed byte
  std::size_t max_size_;
};

}  // namespace corrent::wire
