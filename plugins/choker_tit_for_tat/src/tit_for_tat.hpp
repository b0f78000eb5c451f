#pragma once
// The default choker: tit-for-tat with an optimistic unchoke while leeching, by upload
// rate (round-robin among equals) while seeding. Sans-I/O: the engine calls round() every
// kChokeInterval with the peers' state and applies the answer.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <unordered_map>
#include <vector>

#include "corrent/policy/choke_strategy.hpp"

namespace corrent::choker_tit_for_tat {

using policy::ChokerPeer;
using policy::PeerKey;

/// Rounds an optimistic unchoke lasts: 3 rounds of the engine's 10 s = 30 s (BEP 3;
/// libtorrent and Transmission do the same).
inline constexpr std::uint32_t kOptimisticRounds = 3;

struct ChokerSettings {
  std::size_t upload_slots = 4;                         // peers unchoked at once, optimistic included
  std::uint32_t optimistic_rounds = kOptimisticRounds;  // rounds an optimistic unchoke lasts
};

/// Decides, once per round, the peers to unchoke. Only interested peers ever take a slot.
/// When no more peers are interested than there are slots, all of them are unchoked.
class Choker final : public policy::ChokeStrategy {
 public:
  /// `seed` drives the random tie-breaks, so a run is reproducible.
  Choker(ChokerSettings s, std::uint64_t seed);

  /// One round. Returns the peers to have unchoked after it (all others choked), in no
  /// particular order. Leeching: the (slots - 1) interested peers with the best
  /// download_rate, plus one optimistic unchoke of an interested peer, kept for
  /// optimistic_rounds rounds and then given to the peer that waited longest for one
  /// (choked peers first, ties at random). Seeding: the same, ranked by upload_rate, and
  /// among equal rates the peer unchoked least recently first, so all get a turn.
  std::vector<PeerKey> round(std::span<const ChokerPeer> peers, bool seeding) override;

  /// The optimistically unchoked peer after the last round, if any.
  [[nodiscard]] std::optional<PeerKey> optimistic() const noexcept { return optimistic_; }

 private:
  std::vector<const ChokerPeer*> ranked(std::span<const ChokerPeer> peers, bool seeding);
  std::optional<PeerKey> pick_optimistic(const std::vector<const ChokerPeer*>& rest);
  void forget_absent(std::span<const ChokerPeer> peers);

  ChokerSettings settings_;
  std::mt19937_64 rng_;
  std::uint64_t round_ = 0;  // rounds so far; the first is 1
  std::optional<PeerKey> optimistic_;
  std::uint64_t optimistic_since_ = 0;  // the round it was chosen in
  std::unordered_map<PeerKey, std::uint64_t> last_unchoked_;    // the last round unchoked
  std::unordered_map<PeerKey, std::uint64_t> last_optimistic_;  // the last optimistic turn
};

}  // namespace corrent::choker_tit_for_tat
