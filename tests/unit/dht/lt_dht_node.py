"""A python3-libtorrent DHT node for unit_dht's interop suite (a helper, not a test).

    lt_dht_node.py --bootstrap HOST:PORT --info-hash HEX [--seconds S]

Listens on 127.0.0.1 only (a port the OS picks; the DHT shares it), DHT on with the
restrictions that would refuse loopback nodes off (dht_restrict_routing_ips,
dht_restrict_search_ips, dht_enforce_node_id, dht_ignore_dark_internet), LSD, UPnP and
NAT-PMP off, bootstrapping from --bootstrap only. It adds a torrent by its info-hash
alone, so that it looks the info-hash up and announces it on the DHT (force_dht_announce
every second). Prints, one per line and flushed:
    port: N     its listen port (TCP, and UDP for the DHT)
    nodes: N    its DHT routing table's size, whenever it changes
    error: TEXT then exits 1
It runs until --seconds pass (default 120) or it is stopped (the test stops it by its PID).
"""
import argparse
import sys
import tempfile
import time

import libtorrent as lt


def say(line):
    print(line, flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--info-hash", required=True)
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()
    settings = {
        "listen_interfaces": "127.0.0.1:0",
        "enable_dht": True,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "dht_bootstrap_nodes": args.bootstrap,
        "dht_restrict_routing_ips": False,
        "dht_restrict_search_ips": False,
        "dht_enforce_node_id": False,
        "dht_ignore_dark_internet": False,
        "alert_mask": lt.alert_category.status | lt.alert_category.error | lt.alert_category.dht,
    }
    session = lt.session(settings)
    deadline = time.monotonic() + 10
    while session.listen_port() == 0:
        if time.monotonic() > deadline:
            say("error: no listen port")
            sys.exit(1)
        time.sleep(0.01)
    say("port: %d" % session.listen_port())
    params = lt.add_torrent_params()
    params.info_hashes = lt.info_hash_t(lt.sha1_hash(bytes.fromhex(args.info_hash)))
    params.save_path = tempfile.mkdtemp(prefix="lt_dht_")
    handle = session.add_torrent(params)
    end = time.monotonic() + args.seconds
    nodes = -1
    next_announce = 0.0
    while time.monotonic() < end:
        session.post_dht_stats()
        for alert in session.pop_alerts():
            if isinstance(alert, lt.dht_stats_alert):
                count = sum(bucket["num_nodes"] for bucket in alert.routing_table)
                if count != nodes:
                    nodes = count
                    say("nodes: %d" % nodes)
        if time.monotonic() >= next_announce:
            handle.force_dht_announce()
            next_announce = time.monotonic() + 1
        time.sleep(0.05)


if __name__ == "__main__":
    main()
