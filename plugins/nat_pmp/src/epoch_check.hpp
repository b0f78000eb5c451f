#pragma once
// EpochCheck: whether a gateway kept its mappings between two replies, from the epoch
// each reply carries (seconds since the server's state began), sans I/O. RFC 6886 §3.6 and
// RFC 6887 §8.5: an epoch that goes backwards, or advances clearly less than our clock
// did, means the gateway rebooted or lost its state, and every mapping must be made again.

#include <chrono>
#include <cstdint>
#include <optional>

namespace corrent::nat_pmp {

class EpochCheck {
 public:
  /// Records the epoch of a reply received at `now` (any steady origin). False when the
  /// gateway lost its state since the previous reply; the first reply is always true.
  bool observe(std::uint32_t epoch, std::chrono::milliseconds now);
  /// Forgets the previous reply (another gateway, another protocol).
  void reset() { last_.reset(); }

 private:
  struct Seen {
    std::uint32_t epoch;
    std::chrono::milliseconds at;
  };
  std::optional<Seen> last_;
};

}  // namespace corrent::nat_pmp
