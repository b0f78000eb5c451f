#include "read_ahead.hpp"

#include <algorithm>

#include "serve_limits.hpp"

namespace corrent::stream_http {

std::uint64_t read_ahead_bytes(std::uint64_t rate, std::chrono::seconds horizon) {
  const std::uint64_t r = rate == 0 ? kAssumedReaderRate : rate;
  const std::uint64_t want = r * static_cast<std::uint64_t>(std::max<std::int64_t>(horizon.count(), 1));
  return std::clamp<std::uint64_t>(want, kMinReadAhead, kMaxReadAhead);
}

std::vector<PieceDeadline> read_ahead_plan(std::uint64_t position, std::uint64_t end, std::uint32_t piece_length,
                                           std::uint64_t rate, std::chrono::seconds horizon) {
  std::vector<PieceDeadline> plan;
  if (piece_length == 0 || position >= end) return plan;
  const std::uint64_t r = rate == 0 ? kAssumedReaderRate : rate;
  const std::uint64_t stop = std::min(end, position + read_ahead_bytes(rate, horizon));
  const std::uint64_t first = position / piece_length;
  const std::uint64_t last = (stop - 1) / piece_length;
  for (std::uint64_t p = first; p <= last; ++p) {
    const std::uint64_t starts = std::max(position, p * piece_length);
    const auto due = std::chrono::milliseconds((starts - position) * 1000 / r);
    plan.push_back(PieceDeadline{PieceIndex{static_cast<std::uint32_t>(p)}, due});
  }
  return plan;
}

std::uint64_t ReaderRate::rate(Clock::time_point now) const {
  if (bytes_ == 0) return 0;
  const auto elapsed = std::max<Clock::duration>(now - start_, kRateWindowFloor);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
  return bytes_ * 1000 / static_cast<std::uint64_t>(ms);
}

}  // namespace corrent::stream_http
