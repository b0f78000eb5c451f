#pragma once
// BEP 42, the DHT security extension: a node id's first 21 bits are tied to the node's
// external IP address by CRC-32C, so one address cannot choose ids at will (to sit next to
// an info-hash, or to fill one region of everyone's tables). The last byte of the id
// carries the 3 random bits mixed into the hash, so anyone can check the id.
//
//   masked = address & 0x030f3fff (IPv4) or first 8 bytes & 0x0103070f1f3f7fff (IPv6)
//   masked[0] |= (id[19] & 7) << 5
//   crc = crc32c(masked)
//   id[0..1] = top 16 bits of crc; top 5 bits of id[2] = next 5 bits of crc
//
// Addresses on local networks are exempt: a node there does not know its public address.

#include "corrent/net/endpoint.hpp"
#include "node_id.hpp"

namespace corrent::dht {

/// Whether BEP 42 exempts `address` (its port is ignored) from the check: IPv4 10/8,
/// 172.16/12, 192.168/16, 169.254/16, 127/8 (the BEP's list), and their IPv6 kin
/// ::1, fc00::/7 (unique local) and fe80::/10 (link-local). An IPv4-mapped IPv6 address
/// (::ffff:a.b.c.d) is judged as the IPv4 address it carries.
[[nodiscard]] bool is_bep42_exempt(const net::Endpoint& address) noexcept;

/// Our id for `external_address`: `random` (20 bytes drawn by the caller, so this stays
/// sans-I/O and tests are exact) with its first 21 bits replaced by the address's CRC.
/// random.bytes[19] supplies the 3 bits mixed into the CRC, as the BEP's vectors do.
[[nodiscard]] NodeId secure_node_id(const net::Endpoint& external_address, const NodeId& random) noexcept;

/// Whether `id` is a valid BEP 42 id for a node at `address`; always true when the
/// address is exempt.
[[nodiscard]] bool is_secure_node_id(const NodeId& id, const net::Endpoint& address) noexcept;

}  // namespace corrent::dht
