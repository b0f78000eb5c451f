#include "epoch_check.hpp"

#include "nat_pmp_limits.hpp"

namespace corrent::nat_pmp {

bool EpochCheck::observe(std::uint32_t epoch, std::chrono::milliseconds now) {
  const auto previous = last_;
  last_ = Seen{epoch, now};
  if (!previous) return true;
  // Replies may cross on the way: an epoch one second behind is not a reboot (§8.5).
  if (std::uint64_t{epoch} + 1 < previous->epoch) return false;
  const auto server = std::chrono::milliseconds(std::chrono::seconds(epoch >= previous->epoch ? epoch - previous->epoch : 0));
  const auto client = now > previous->at ? now - previous->at : std::chrono::milliseconds(0);
  // RFC 6886 §3.6: the server's clock may run 1/8 slow, and seconds are whole.
  return server + kEpochSlack >= client * 7 / 8;
}

}  // namespace corrent::nat_pmp
