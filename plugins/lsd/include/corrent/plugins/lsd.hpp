#pragma once
// lsd: Local Service Discovery (BEP 14) as a Discovery plugin: each non-private torrent
// (BEP 27) is announced by UDP multicast to the LAN ("BT-SEARCH * HTTP/1.1" with our TCP
// port and its info-hash) on start and then every interval, and the announces of other
// clients on the LAN give peers to the torrents they name. It uses sockets of its own
// bound to the group port with SO_REUSEADDR (the session's shared UDP socket cannot join
// a group on port 6771). Configuration section "lsd":
//   interval_ms         (integer, default 300000): announce each torrent again after
//                       this (libtorrent's local_service_announce_interval and BEP 14:
//                       5 minutes). Whatever the interval, we send at most one announce a
//                       minute after a burst of 3 (BEP 14), each carrying every torrent
//                       then due (up to 25 info-hashes)
//   port                (integer, default 6771): the multicast port (BEP 14's; another
//                       only for tests, where no other client listens)
//   ipv6                (bool, default true): also announce to and listen on
//                       [ff15::efc0:988f]; skipped without an error where the host has
//                       no IPv6 multicast on that interface
//   multicast_interface (string, default "0.0.0.0"): the IPv4 address of the interface to
//                       join the groups on and send from; 0.0.0.0 lets the system choose
//                       (its route to 239.192.152.143). IPv6 uses the same interface
//   multicast_loop      (bool, default true): our announces also reach this host
//                       (IP_MULTICAST_LOOP), so that two sessions on one host find each
//                       other; our own announces are recognised by their cookie

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "lsd" discovery plugin.
void register_lsd(Registry& registry);

}  // namespace corrent::plugins
