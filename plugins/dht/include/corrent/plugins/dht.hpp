#pragma once
// dht: the mainline DHT (BEP 5, with BEP 32 IPv6, BEP 42 checks, BEP 43 read-only
// peers honoured and read-only mode, BEP 44 items stored, BEP 51 samples answered) as a Discovery plugin: peers for every
// non-private torrent (BEP 27), our TCP port announced to the closest nodes. It runs on
// the session's shared UDP socket (one port for uTP, the DHT and UDP trackers), or on its
// own socket without a session. Configuration section "dht":
//   bootstrap_nodes      (strings, default empty): HOST:PORT of nodes to join through,
//                        numeric or by name (resolved at each bootstrap round). The usual
//                        public ones are router.bittorrent.com:6881,
//                        dht.transmissionbt.com:6881 and router.utorrent.com:6881
//                        (libtorrent's default dht_bootstrap_nodes); a client sets them,
//                        the default stays empty. Nodes that peers report (BEP 5 PORT)
//                        are used as well.
//   port                 (integer, default 0): 0 = the session's UDP socket (any port
//                        without a session); else a socket of the plugin's own there
//   announce_interval_ms (integer, default 900000): get_peers and announce_peer again
//                        after this (libtorrent's dht_announce_interval, 15 minutes)
//   query_timeout_ms     (integer, default 10000): wait for one reply
//   enforce_node_id      (bool, default false): add to the routing table only nodes whose
//                        id matches their address (BEP 42; libtorrent's default is false)
//   restrict_search_ips  (bool, default true): a lookup asks one node per IP address
//                        (libtorrent's dht_restrict_search_ips); false where many honest
//                        nodes share an address (a DHT on 127.0.0.1)
//   max_datagrams_per_source (integer, default dht::kMaxDatagramsPerSourceWindow):
//                        datagrams one address may send per counting window; the rest
//                        are dropped unanswered (raised, never off, for such a DHT)
//   read_only            (bool, default false): BEP 43, our queries carry "ro" so that
//                        others leave us out of their tables, and we answer no query
//                        (libtorrent's dht_read_only)
//   state_file           (string, default empty): a file where the routing tables (our
//                        node ids and the nodes that answered us) are saved at shutdown,
//                        written atomically, its directory created; at start the saved
//                        ids are reused and the saved nodes asked first, so the node
//                        rejoins without the bootstrap nodes. Empty: nothing is saved.
//                        A missing or unreadable file is not an error (it is a cache)
//   node_id              (string, default empty): our node id, 40 hex characters (as
//                        WebTorrent's nodeId); kept as it is, even where BEP 42 would
//                        derive one from our external address. Empty: saved or random

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "dht" discovery plugin.
void register_dht(Registry& registry);

}  // namespace corrent::plugins
