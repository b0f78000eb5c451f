#pragma once
// The read-ahead plan of one reader, sans I/O: which pieces ahead of the reading position
// get deadlines, and when each is due. A reader that consumes `rate` bytes a second
// reaches the byte at `position + d` in d / rate seconds, so that is when its piece is
// due; the window covers `horizon` seconds of that rate, within [kMinReadAhead,
// kMaxReadAhead] bytes, so it grows as the player reads faster (a video of a higher
// bitrate) and a slow reader does not reserve the swarm for minutes ahead.

#include <chrono>
#include <cstdint>
#include <vector>

#include "corrent/core/clock.hpp"
#include "corrent/core/strong_types.hpp"

namespace corrent::stream_http {

struct PieceDeadline {
  PieceIndex piece;
  std::chrono::milliseconds due{0};
};

/// Bytes of read-ahead for a reader at `rate` bytes/s (0: not measured yet).
[[nodiscard]] std::uint64_t read_ahead_bytes(std::uint64_t rate, std::chrono::seconds horizon);

/// The pieces covering [position, min(end, position + read_ahead_bytes)), in order, each
/// with its due time from now; the first is due at once. `end` is one past the last byte
/// the reader wants; `piece_length` the torrent's.
[[nodiscard]] std::vector<PieceDeadline> read_ahead_plan(std::uint64_t position, std::uint64_t end,
                                                         std::uint32_t piece_length, std::uint64_t rate,
                                                         std::chrono::seconds horizon);

/// The rate a reader consumes at: bytes handed to it over the time since it began, the
/// time counted as at least kRateWindowFloor so that the first burst (the socket's buffer
/// filling) does not read as a huge rate.
class ReaderRate {
 public:
  explicit ReaderRate(Clock::time_point start) : start_(start) {}
  void add(std::uint64_t bytes) { bytes_ += bytes; }
  /// Bytes per second; 0 before anything was handed over.
  [[nodiscard]] std::uint64_t rate(Clock::time_point now) const;

 private:
  Clock::time_point start_;
  std::uint64_t bytes_ = 0;
};

}  // namespace corrent::stream_http
