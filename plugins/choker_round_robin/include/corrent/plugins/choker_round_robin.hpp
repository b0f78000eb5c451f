#pragma once
// choker_round_robin: a choker for seeding boxes. Slots go round the interested peers in
// turn, whatever their rates: a peer keeps its slot for `turn_rounds` rounds, then it goes
// to the interested peer that has waited longest. Fair to slow peers, and no peer can win
// slots by a fast link; it does not reward peers that upload to us, so it suits seeding
// more than downloading. Configuration section "choker_round_robin":
//   turn_rounds (integer 1..100, default 3): rounds of 10 s a peer keeps its slot.

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "choker_round_robin" choker.
void register_choker_round_robin(Registry& registry);

}  // namespace corrent::plugins
