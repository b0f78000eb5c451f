#pragma once
// ut_holepunch's bounds: a relay is a way to make other peers dial someone, so what a peer
// may ask of us, in either role, is rate limited and every queue is bounded.

#include <chrono>
#include <cstddef>

namespace corrent::holepunch {

/// The window of the two rate limits below.
inline constexpr std::chrono::seconds kRateWindow{60};
/// Rendezvous one peer may ask us to relay per window; more are ignored (with a note).
inline constexpr std::size_t kMaxRendezvousPerWindow = 8;
/// Connects one relay may ask of us per window; more are ignored (with a note).
inline constexpr std::size_t kMaxConnectsPerWindow = 8;
/// Messages queued to one peer and not sent yet; past it, new ones are dropped.
inline constexpr std::size_t kMaxQueuedMessages = 32;
/// How long after we asked a relay for a rendezvous its connect makes us the initiator.
inline constexpr std::chrono::seconds kRendezvousPending{30};
/// Rendezvous we wait on through one relay at once.
inline constexpr std::size_t kMaxPendingRendezvous = 16;

}  // namespace corrent::holepunch
