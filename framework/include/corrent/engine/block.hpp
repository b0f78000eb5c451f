#pragma once
// The unit of transfer the engine requests from peers, and the key it gives each peer.

#include <cstdint>

#include "corrent/core/strong_types.hpp"
#include "corrent/engine/limits.hpp"
#include "corrent/policy/choke_strategy.hpp"
#include "corrent/wire/block.hpp"

namespace corrent::engine {

/// One block of a piece (wire::BlockRef: the storage, below the engine, takes it too).
using BlockRef = wire::BlockRef;

/// Engine-assigned id of a connected peer (never reused within a torrent).
using PeerKey = policy::PeerKey;

}  // namespace corrent::engine
