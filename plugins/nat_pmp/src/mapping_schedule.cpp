#include "mapping_schedule.hpp"

#include <algorithm>

#include "nat_pmp_limits.hpp"

namespace corrent::nat_pmp {

std::size_t MappingSchedule::add(IpProtocol protocol, std::uint16_t internal_port, const PcpNonce& nonce,
                                 Millis now) {
  MappingSlot slot;
  slot.protocol = protocol;
  slot.internal_port = internal_port;
  slot.nonce = nonce;
  slot.due = now;
  slot.backoff = retry_min_;
  slots_.push_back(slot);
  return slots_.size() - 1;
}

std::vector<std::size_t> MappingSchedule::due(Millis now) const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].due <= now) out.push_back(i);
  }
  return out;
}

std::optional<Millis> MappingSchedule::next_due() const {
  std::optional<Millis> out;
  for (const auto& s : slots_) {
    if (!out || s.due < *out) out = s.due;
  }
  return out;
}

bool MappingSchedule::granted(std::size_t i, net::Endpoint external, std::chrono::seconds lifetime, Millis now) {
  auto& s = slots_.at(i);
  const bool news = s.external != external;
  s.external = external;
  s.lease_end = now + lifetime;
  s.granted_at = now;
  s.due = now + std::max<Millis>(lifetime / 2, kMinRenewWait);
  s.backoff = retry_min_;
  s.failure_reported = false;
  return news;
}

bool MappingSchedule::failed(std::size_t i, bool definite, Millis now) {
  auto& s = slots_.at(i);
  const Millis wait = s.backoff;
  s.backoff = std::min(s.backoff * 2, retry_max_);
  if (s.external && !definite && now < s.lease_end) {
    // Silence while the lease lasts: the mapping still holds; try again, by its end.
    s.due = std::min(now + wait, s.lease_end);
    return false;
  }
  s.due = now + wait;
  const bool report = s.external.has_value() || !s.failure_reported;
  s.external.reset();
  s.lease_end = Millis{0};
  s.failure_reported = true;
  return report;
}

void MappingSchedule::all_due(Millis now) {
  // Only mappings we hold: one waiting out a back-off keeps it, so that a gateway whose
  // every reply claims a reboot cannot make us retry without pause.
  for (auto& s : slots_) {
    if (s.external) s.due = std::max(now, s.granted_at + kMinRenewWait);
  }
}

}  // namespace corrent::nat_pmp
