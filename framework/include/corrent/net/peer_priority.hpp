#pragma once
// BEP 40 canonical peer priority: a number both ends of a connection compute alike, from
// their two addresses, so that every peer of a swarm prefers the same connections. A peer
// list over its limit keeps the candidates of highest priority, and a torrent at its
// connection limit lets an incoming peer of higher priority take the place of its lowest
// (what the BEP is for: a swarm whose slots are all taken still lets newcomers in, and a
// flood from a few address ranges cannot hold every slot).

#include <cstdint>

#include "corrent/net/endpoint.hpp"

namespace corrent::net {

/// CRC-32C of the two addresses, masked and sorted. IPv4: masked by FF.FF.55.55, or
/// FF.FF.FF.55 within one /16, or whole within one /24; IPv6 (either side, an IPv4 one
/// then taken as ::ffff:a.b.c.d): the first 6 bytes kept and the rest masked by 0x55,
/// one more byte kept for each leading byte the two share. The same address on both
/// sides: the two ports instead. Symmetric: priority(a, b) == priority(b, a).
[[nodiscard]] std::uint32_t canonical_peer_priority(const Endpoint& a, const Endpoint& b);

}  // namespace corrent::net
