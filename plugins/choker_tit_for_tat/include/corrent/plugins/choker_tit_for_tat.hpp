#pragma once
// choker_tit_for_tat: the default choker (SessionSettings::choker). While downloading it
// uploads to the peers that upload most to us, plus one optimistic unchoke that rotates
// every `optimistic_rounds` rounds (BEP 3); while seeding, to the peers we upload to
// fastest, round-robin among equal rates. Configuration section "choker_tit_for_tat":
//   optimistic_rounds (integer 1..100, default 3): rounds of 10 s an optimistic unchoke
//   lasts.

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "choker_tit_for_tat" choker.
void register_choker_tit_for_tat(Registry& registry);

}  // namespace corrent::plugins
