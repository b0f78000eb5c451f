#include "corrent/tracker/tracker_list.hpp"

#include <algorithm>
#include <utility>

namespace corrent::tracker {

std::chrono::milliseconds TrackerBackoff::delay(std::uint32_t fails) const {
  // In double: fails^2 * step overflows no integer type, and the cap bounds the result.
  const double ms = static_cast<double>(base.count()) +
                    static_cast<double>(step.count()) * static_cast<double>(fails) *
                        static_cast<double>(fails);
  if (ms >= static_cast<double>(cap.count())) return cap;
  return std::chrono::milliseconds(static_cast<std::int64_t>(ms));
}

TrackerList::TrackerList(std::vector<std::vector<std::string>> tiers, const RandomBelow& random,
                         TrackerBackoff backoff)
    : backoff_(backoff) {
  std::vector<std::string> seen;
  for (auto& tier : tiers) {
    std::vector<Entry> entries;
    for (auto& url : tier) {
      if (url.empty() || std::find(seen.begin(), seen.end(), url) != seen.end()) continue;
      seen.push_back(url);
      entries.push_back(Entry{std::move(url)});
    }
    if (entries.empty()) continue;
    // BEP 12: shuffle each tier once (Fisher-Yates with the injected random source).
    for (std::size_t i = entries.size(); i > 1; --i) {
      const auto j = random ? random(static_cast<std::uint32_t>(i)) : 0;
      std::swap(entries[i - 1], entries[std::min<std::size_t>(j, i - 1)]);
    }
    tiers_.push_back(std::move(entries));
  }
}

std::optional<std::string> TrackerList::next(Clock::time_point now) const {
  for (const auto& tier : tiers_) {
    for (const auto& entry : tier) {
      if (!entry.gone && entry.retry_at <= now) return entry.url;
    }
  }
  return std::nullopt;
}

std::optional<Clock::time_point> TrackerList::next_retry(Clock::time_point now) const {
  if (next(now)) return std::nullopt;
  std::optional<Clock::time_point> earliest;
  for (const auto& tier : tiers_) {
    for (const auto& entry : tier) {
      if (!entry.gone && (!earliest || entry.retry_at < *earliest)) earliest = entry.retry_at;
    }
  }
  return earliest;
}

TrackerList::Entry* TrackerList::find_mutable(std::string_view url, std::size_t* tier,
                                              std::size_t* index) {
  for (std::size_t t = 0; t < tiers_.size(); ++t) {
    for (std::size_t i = 0; i < tiers_[t].size(); ++i) {
      if (tiers_[t][i].url == url) {
        *tier = t;
        *index = i;
        return &tiers_[t][i];
      }
    }
  }
  return nullptr;
}

const TrackerList::Entry* TrackerList::find(std::string_view url) const {
  for (const auto& tier : tiers_) {
    for (const auto& entry : tier) {
      if (entry.url == url) return &entry;
    }
  }
  return nullptr;
}

void TrackerList::on_success(std::string_view url) {
  std::size_t t = 0;
  std::size_t i = 0;
  Entry* entry = find_mutable(url, &t, &i);
  if (entry == nullptr) return;
  entry->fails = 0;
  entry->retry_at = {};
  // BEP 12: move it to the front of its tier, keeping the others' order.
  auto& tier = tiers_[t];
  std::rotate(tier.begin(), tier.begin() + static_cast<std::ptrdiff_t>(i),
              tier.begin() + static_cast<std::ptrdiff_t>(i) + 1);
}

void TrackerList::on_failure(std::string_view url, Clock::time_point now, bool permanent) {
  std::size_t t = 0;
  std::size_t i = 0;
  Entry* entry = find_mutable(url, &t, &i);
  if (entry == nullptr) return;
  if (entry->fails < 0xffff) ++entry->fails;
  entry->retry_at = now + backoff_.delay(entry->fails);
  if (permanent) entry->gone = true;
}

std::vector<std::string> TrackerList::urls() const {
  std::vector<std::string> out;
  for (const auto& tier : tiers_) {
    for (const auto& entry : tier) {
      if (!entry.gone) out.push_back(entry.url);
    }
  }
  return out;
}

}  // namespace corrent::tracker
