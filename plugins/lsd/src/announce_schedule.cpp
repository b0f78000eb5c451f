#include "announce_schedule.hpp"

#include <algorithm>
#include <utility>

namespace corrent::lsd {

bool AnnounceSchedule::add(const InfoHashBytes& info_hash, Clock::time_point now) {
  return due_at_.emplace(info_hash, now).second;
}

bool AnnounceSchedule::remove(const InfoHashBytes& info_hash) { return due_at_.erase(info_hash) == 1; }

std::optional<Clock::time_point> AnnounceSchedule::next_due() const {
  if (due_at_.empty()) return std::nullopt;
  const auto earliest = std::min_element(due_at_.begin(), due_at_.end(),
                                         [](const auto& a, const auto& b) { return a.second < b.second; });
  return earliest->second;
}

std::vector<InfoHashBytes> AnnounceSchedule::due(Clock::time_point now) const {
  std::vector<std::pair<Clock::time_point, InfoHashBytes>> found;
  for (const auto& [hash, at] : due_at_) {
    if (at <= now) found.emplace_back(at, hash);
  }
  std::sort(found.begin(), found.end());
  std::vector<InfoHashBytes> out;
  out.reserve(found.size());
  for (const auto& entry : found) out.push_back(entry.second);
  return out;
}

void AnnounceSchedule::mark_sent(const InfoHashBytes& info_hash, Clock::time_point now) {
  if (const auto it = due_at_.find(info_hash); it != due_at_.end()) it->second = now + interval_;
}

}  // namespace corrent::lsd
