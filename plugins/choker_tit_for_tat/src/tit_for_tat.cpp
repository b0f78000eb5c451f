#include "tit_for_tat.hpp"

#include <algorithm>
#include <unordered_set>

namespace corrent::choker_tit_for_tat {

Choker::Choker(ChokerSettings s, std::uint64_t seed) : settings_(s), rng_(seed) {}

std::vector<PeerKey> Choker::round(std::span<const ChokerPeer> peers, bool seeding) {
  ++round_;
  forget_absent(peers);
  const std::vector<const ChokerPeer*> order = ranked(peers, seeding);
  const std::size_t slots = settings_.upload_slots;
  std::vector<PeerKey> out;
  if (order.size() <= slots) {
    optimistic_.reset();  // room for everyone: nothing to be optimistic about
    for (const ChokerPeer* p : order) out.push_back(p->key);
  } else if (slots > 0) {
    const std::size_t regular = slots - 1;
    for (std::size_t i = 0; i < regular; ++i) out.push_back(order[i]->key);
    optimistic_ = pick_optimistic({order.begin() + static_cast<std::ptrdiff_t>(regular), order.end()});
    if (optimistic_) out.push_back(*optimistic_);
  } else {
    optimistic_.reset();
  }
  for (const PeerKey k : out) last_unchoked_[k] = round_;
  return out;
}

std::vector<const ChokerPeer*> Choker::ranked(std::span<const ChokerPeer> peers, bool seeding) {
  std::vector<const ChokerPeer*> order;
  for (const ChokerPeer& p : peers) {
    if (p.interested) order.push_back(&p);
  }
  std::shuffle(order.begin(), order.end(), rng_);  // ties at random
  if (!seeding) {
    std::stable_sort(order.begin(), order.end(), [](const ChokerPeer* a, const ChokerPeer* b) {
      return a->download_rate > b->download_rate;
    });
    return order;
  }
  const auto last = [this](PeerKey k) {
    const auto it = last_unchoked_.find(k);
    return it == last_unchoked_.end() ? std::uint64_t{0} : it->second;
  };
  std::stable_sort(order.begin(), order.end(), [&](const ChokerPeer* a, const ChokerPeer* b) {
    if (a->upload_rate != b->upload_rate) return a->upload_rate > b->upload_rate;
    return last(a->key) < last(b->key);
  });
  return order;
}

std::optional<PeerKey> Choker::pick_optimistic(const std::vector<const ChokerPeer*>& rest) {
  if (rest.empty()) return std::nullopt;
  const std::uint64_t lasts = std::max<std::uint32_t>(settings_.optimistic_rounds, 1);
  if (optimistic_ && round_ - optimistic_since_ < lasts) {
    for (const ChokerPeer* p : rest) {
      if (p->key == *optimistic_) return optimistic_;
    }
  }
  // A new one: choked peers first, then the one whose last optimistic turn is oldest
  // (never = oldest of all); `rest` is already shuffled, so ties stay random.
  const auto turn = [this](PeerKey k) {
    const auto it = last_optimistic_.find(k);
    return it == last_optimistic_.end() ? std::uint64_t{0} : it->second;
  };
  const ChokerPeer* best = rest.front();
  for (const ChokerPeer* p : rest) {
    if (std::pair{p->unchoked, turn(p->key)} < std::pair{best->unchoked, turn(best->key)}) best = p;
  }
  optimistic_since_ = round_;
  last_optimistic_[best->key] = round_;
  return best->key;
}

void Choker::forget_absent(std::span<const ChokerPeer> peers) {
  std::unordered_set<PeerKey> present;
  for (const ChokerPeer& p : peers) present.insert(p.key);
  std::erase_if(last_unchoked_, [&](const auto& kv) { return !present.contains(kv.first); });
  std::erase_if(last_optimistic_, [&](const auto& kv) { return !present.contains(kv.first); });
  if (optimistic_ && !present.contains(*optimistic_)) optimistic_.reset();
}

}  // namespace corrent::choker_tit_for_tat
