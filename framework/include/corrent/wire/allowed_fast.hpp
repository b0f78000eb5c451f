#pragma once
// The BEP 6 allowed-fast set: pieces a peer may download while choked, derived from its
// IPv4 address (masked to /24, so peers in one subnet share a set) and the info-hash by
// iterated SHA-1, so both sides can compute and check it.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "corrent/core/strong_types.hpp"
#include "corrent/metainfo/info_hash.hpp"

namespace corrent::wire {

/// The first min(k, piece_count) distinct pieces of the BEP 6 sequence for a peer at
/// `ipv4` (network byte order, e.g. {80, 4, 4, 200}), in the order the algorithm yields
/// them. Empty when piece_count or k is 0. BEP 6 defines no IPv6 variant.
[[nodiscard]] std::vector<PieceIndex> allowed_fast_set(const metainfo::InfoHash& info_hash,
                                                       std::array<std::uint8_t, 4> ipv4,
                                                       std::uint32_t piece_count,
                                                       std::size_t k);

}  // namespace corrent::wire
