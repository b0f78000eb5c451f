#pragma once
// tracker_udp: the UDP tracker protocol (BEP 15), scheme "udp": connect, announce,
// scrape and error replies, connection ids reused while fresh, retransmission after
// base * 2^n, transaction ids random and checked, replies accepted only from the
// tracker's address, IPv4 and IPv6. Configuration section "tracker_udp" (see
// docs/trackers.md):
//   retransmit_base_ms        (integer, default 15000): wait for the first reply; doubles
//   max_retransmits           (integer, default 8): n's largest value; after that, timed_out
//   connection_id_lifetime_ms (integer, default 60000): reuse of a connection id

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "tracker_udp" tracker protocol.
void register_tracker_udp(Registry& registry);

}  // namespace corrent::plugins
