#include "round_robin.hpp"

#include <algorithm>
#include <utility>
#include <unordered_set>

namespace corrent::choker_round_robin {

std::vector<PeerKey> RoundRobin::round(std::span<const ChokerPeer> peers, bool /*seeding: the same*/) {
  ++round_;
  std::unordered_set<PeerKey> present;
  for (const auto& p : peers) present.insert(p.key);
  std::erase_if(turns_, [&](const auto& kv) { return !present.contains(kv.first); });

  std::vector<PeerKey> out;
  std::vector<const ChokerPeer*> waiting;
  std::vector<PeerKey> first_seen;
  std::vector<std::pair<std::uint64_t, PeerKey>> turn_over;  // (ticket it had, key)
  for (const auto& p : peers) {
    auto [it, inserted] = turns_.try_emplace(p.key);
    if (inserted) first_seen.push_back(p.key);
    Turn& turn = it->second;
    const bool in_turn = turn.since != 0 && p.unchoked && p.interested && round_ - turn.since < turn_rounds_;
    if (in_turn && out.size() < slots_) {
      out.push_back(p.key);
      continue;
    }
    if (turn.since != 0) {  // its turn is over (or it lost interest): to the back of the queue
      turn.since = 0;
      turn_over.emplace_back(turn.ticket, p.key);
    }
    if (p.interested) waiting.push_back(&p);
  }
  // New peers join ahead of those whose turn just ended: they have had none.
  std::sort(first_seen.begin(), first_seen.end());
  for (const PeerKey k : first_seen) turns_[k].ticket = next_ticket_++;
  std::sort(turn_over.begin(), turn_over.end());
  for (const auto& [ticket, k] : turn_over) turns_[k].ticket = next_ticket_++;
  std::sort(waiting.begin(), waiting.end(), [&](const ChokerPeer* a, const ChokerPeer* b) {
    return turns_[a->key].ticket < turns_[b->key].ticket;
  });
  for (const ChokerPeer* p : waiting) {
    if (out.size() >= slots_) break;
    turns_[p->key].since = round_;
    out.push_back(p->key);
  }
  return out;
}

}  // namespace corrent::choker_round_robin
