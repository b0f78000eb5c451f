#pragma once
// LEDBAT congestion control (RFC 6817) for one uTP connection, sans-I/O: it is fed delay
// samples and acks and says how many bytes may be in flight. uTP yields to other traffic
// by keeping the queueing delay it adds near kLedbatTarget, where TCP fills the queue.
//
// Delays are uTP's timestamp differences: the receiver's clock minus the sender's, each
// a wrapping 32-bit microsecond count, so only differences between samples mean
// anything. The base delay is the least sample of the last kBaseHistory minutes (one
// minimum per minute, RFC 6817 section 3.4.2), compared with wrap-around; the current
// delay is the least of the last kCurrentFilter samples; the queueing delay is their
// difference.
#include <array>
#include <cstddef>
#include <cstdint>

namespace corrent::transport_utp {

struct LedbatSettings {
  std::uint32_t target_us = 100'000;        ///< TARGET: 100 ms, as RFC 6817 and libtorrent
  std::uint32_t gain = 1;                   ///< GAIN: at most one MSS more per RTT
  std::uint32_t allowed_increase = 1;       ///< ALLOWED_INCREASE, in MSS beyond the flight size
  std::uint32_t min_cwnd_packets = 2;       ///< MIN_CWND, in MSS
  std::uint32_t initial_cwnd_packets = 2;   ///< INIT_CWND, in MSS
  std::uint32_t max_cwnd_bytes = 4 << 20;   ///< a cap on the window, whatever the delay
  std::uint32_t slow_start_cap_bytes = 1 << 20;  ///< slow start ends here (ssthresh)
};

class Ledbat {
 public:
  static constexpr std::size_t kBaseHistory = 10;    ///< minutes of base-delay minima
  static constexpr std::size_t kCurrentFilter = 4;   ///< samples in the current-delay filter

  Ledbat(LedbatSettings settings, std::uint32_t mss);

  /// A one-way delay sample (the timestamp_diff_us of an ack) at `now_us` (our clock).
  void on_delay_sample(std::uint32_t delay_us, std::uint64_t now_us);
  /// `bytes_acked` newly acknowledged while `flight_bytes` were in flight (before this
  /// ack). In slow start the window grows by the bytes acked, until the queueing delay
  /// reaches target / 2 or the window slow_start_cap_bytes; then by RFC 6817's rule:
  /// cwnd += gain * (target - queueing delay) / target * bytes_acked * mss / cwnd, never
  /// above flight_bytes + allowed_increase * mss, never below min_cwnd.
  void on_ack(std::uint32_t bytes_acked, std::uint32_t flight_bytes);
  /// A packet was lost (a fast retransmit): the window halves, slow start ends. The caller
  /// calls it at most once per round trip.
  void on_loss();
  /// The retransmission timer fired: the window falls to one MSS, slow start ends.
  void on_timeout();
  /// The path's packet size changed (MTU discovery).
  void set_mss(std::uint32_t mss);

  [[nodiscard]] std::uint32_t cwnd() const { return cwnd_; }
  [[nodiscard]] bool in_slow_start() const { return slow_start_; }
  /// Current delay minus base delay; 0 before the first sample.
  [[nodiscard]] std::uint32_t queueing_delay_us() const;
  [[nodiscard]] std::uint32_t mss() const { return mss_; }

 private:
  static constexpr int kFractionBits = 16;  ///< cwnd_frac_ counts 2^-16 bytes

  [[nodiscard]] std::uint32_t base_delay_us() const;
  [[nodiscard]] std::uint32_t current_delay_us() const;
  [[nodiscard]] std::uint32_t min_window() const;
  void record_base(std::uint32_t delay_us, std::uint64_t now_us);
  /// Sets the window to `fixed` (bytes << kFractionBits), clamped to [min, max].
  void set_window(std::int64_t fixed);

  LedbatSettings settings_;
  std::uint32_t mss_;
  std::uint32_t cwnd_;
  /// The fraction of a byte the window has grown by beyond cwnd_, so that the many small
  /// steady-state steps of a large window (a few bytes each) are not rounded away.
  std::uint32_t cwnd_frac_ = 0;
  bool slow_start_ = true;
  // The least sample of each of the last base_count_ minutes, oldest first; the last
  // entry is the minute that began at base_minute_start_us_.
  std::array<std::uint32_t, kBaseHistory> base_{};
  std::size_t base_count_ = 0;
  std::uint64_t base_minute_start_us_ = 0;
  // The last current_count_ samples, a ring written at current_next_.
  std::array<std::uint32_t, kCurrentFilter> current_{};
  std::size_t current_count_ = 0;
  std::size_t current_next_ = 0;
};

}  // namespace corrent::transport_utp
