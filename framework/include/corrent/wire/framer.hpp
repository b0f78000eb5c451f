#pragma once
// Cuts a byte stream into message bodies: <4-byte big-endian length><body>. Sans-I/O: the
// caller reads into a buffer (RecvBuffer), then loops on next() until it says "need more",
// decoding each frame and consuming its bytes:
//
//   while (true) {
//     auto frame = framer.next(buf.data());
//     if (!frame) return frame.error();      // length over the maximum: disconnect
//     if (!*frame) break;                    // read more (framer.bytes_needed() more)
//     auto msg = decode_message((*frame)->body);
//     ...
//     buf.consume((*frame)->consumed);
//   }

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "corrent/core/result.hpp"
#include "corrent/wire/errc.hpp"
#include "corrent/wire/limits.hpp"

namespace corrent::wire {

/// One message cut from the buffer.
struct Frame {
  /// The body (after the length prefix; empty for a keep-alive). Borrows the buffer.
  std::span<const std::byte> body;
  /// Bytes to consume from the front of the buffer: 4 + body.size().
  std::size_t consumed = 0;
};

/// Incremental framer over a receive buffer. Holds no bytes itself; it remembers only the
/// maximum and how many bytes the last incomplete frame lacked.
class Framer {
 public:
  /// `max_message_length` bounds a body; see wire::max_message_length(piece_count).
  explicit Framer(std::uint32_t max_message_length = kDefaultMaxMessageLength) noexcept
      : max_(max_message_length) {}

  /// The first whole frame at the front of `buffered`, or nullopt if more bytes are
  /// needed. Fails with message_too_long (offset 0) as soon as the 4 length bytes are
  /// there and say more than the maximum, without waiting for the body.
  [[nodiscard]] ParseResult<std::optional<Frame>> next(std::span<const std::byte> buffered) noexcept;

  /// After next() returned nullopt: how many more bytes the frame needs before next() can
  /// return it (for the length prefix alone, the bytes missing of it). 0 otherwise.
  [[nodiscard]] std::size_t bytes_needed() const noexcept { return needed_; }

  [[nodiscard]] std::uint32_t max_message_length() const noexcept { return max_; }
  /// Changes the bound, e.g. once metadata says the torrent needs a larger BITFIELD.
  void set_max_message_length(std::uint32_t max) noexcept { max_ = max; }

 private:
  std::uint32_t max_;
  std::size_t needed_ = 0;
};

}  // namespace corrent::wire
