#pragma once
// Round-robin choking: slots in turn, by waiting time. Sans-I/O.

#include <cstddef>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "corrent/policy/choke_strategy.hpp"

namespace corrent::choker_round_robin {

using policy::ChokerPeer;
using policy::PeerKey;

inline constexpr std::uint32_t kDefaultTurnRounds = 3;

class RoundRobin final : public policy::ChokeStrategy {
 public:
  /// `slots`: peers unchoked at once; `turn_rounds`: rounds a peer keeps its slot.
  RoundRobin(std::size_t slots, std::uint32_t turn_rounds) : slots_(slots), turn_rounds_(turn_rounds) {}

  /// Keeps each unchoked, interested peer whose turn is not over; fills the free slots with
  /// the interested peers that have waited longest: a queue, which a peer joins when it is
  /// first seen (peers seen in the same round by key, so a run is repeatable) and again
  /// when its turn ends (in the order of their turns).
  std::vector<PeerKey> round(std::span<const ChokerPeer> peers, bool seeding) override;

 private:
  struct Turn {
    std::uint64_t since = 0;   // round its current turn began; 0: not in a turn
    std::uint64_t ticket = 0;  // its place in the queue: smaller is sooner
  };

  std::size_t slots_;
  std::uint32_t turn_rounds_;
  std::uint64_t round_ = 0;
  std::uint64_t next_ticket_ = 1;
  std::unordered_map<PeerKey, Turn> turns_;
};

}  // namespace corrent::choker_round_robin
