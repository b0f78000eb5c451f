#pragma once
// The amplification guard of our replies. Issue 13 asks for "no reply larger than the
// query that caused it"; taken literally that forbids even an ordinary find_node reply
// (k IPv4 nodes are about 3x a typical query), so we read it as: a reply may be
// reflected at a spoofed address only at a small, fixed gain.
//
//   - A source we have heard a reply from (a confirmed node of our routing table, at that
//     very address) proved it owns the address: its reply may use the whole kMaxPacketSize.
//   - Any other source may be spoofed: its reply is at most kAmplificationFactor times the
//     size of its query (and kMaxPacketSize).
//
// A reply over its budget loses "values" first, then BEP 51 "samples", then nodes (from
// the end: IPv6 ones first, then the farthest IPv4 ones) until it fits. What cannot be
// trimmed (id, token, "ip", "t") is smaller than any valid query, so it is sent as is; a
// BEP 44 item ("v", "k", "sig", "seq") is not cut here: QueryHandler drops it whole.

#include <cstddef>
#include <string>

#include "dht_limits.hpp"
#include "krpc_message.hpp"

namespace corrent::dht {

/// The most bytes a reply to a `query_size`-byte query may have; `verified`: the source
/// proved its address (see above).
[[nodiscard]] constexpr std::size_t reply_budget(bool verified, std::size_t query_size,
                                                 std::size_t factor = kAmplificationFactor) {
  if (verified) return kMaxPacketSize;
  return query_size * factor < kMaxPacketSize ? query_size * factor : kMaxPacketSize;
}

/// Trims `reply` (a Response; other bodies are left alone) as described above until its
/// encoding is at most `budget` bytes, or nothing is left to trim; returns the encoding.
[[nodiscard]] std::string fit_reply(Message& reply, std::size_t budget);

}  // namespace corrent::dht
