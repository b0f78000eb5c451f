"""The mainline DHT (BEP 5) against python3-libtorrent, on 127.0.0.1 only.

A DHT of 8 libtorrent sessions (in this process; DHT on, with the restrictions that refuse
loopback nodes off: dht_restrict_routing_ips, dht_restrict_search_ips,
dht_enforce_node_id) bootstraps from the first. One of them seeds a torrent and announces
it on the DHT. Then:

1. `corrent download MAGNET`, a magnet with no tracker and no x.pe, bootstrapping from
   that first node only (--dht-bootstrap), finds the libtorrent seeder through the DHT and
   downloads the torrent byte for byte.
2. `corrent seed` of another torrent joins the same DHT and announces it; a fresh
   libtorrent session given only the info-hash finds corrent through the DHT and
   downloads from it byte for byte.
3. `corrent dht ping` gets a libtorrent node's id (and fails cleanly on a port where
   nobody answers), `corrent dht get-peers` finds the libtorrent seeder, and
   `corrent dht table` lists libtorrent's nodes.

corrent runs with dht.restrict_search_ips=false and a raised per-source datagram limit:
every node here shares one address. libtorrent's uTP is off (corrent speaks TCP only).
"""
import json
import os
import socket
import time

from interop_lib import (Checker, Proc, corrent_env, corrent_path, endpoint_port, fail, import_libtorrent, run,
                         same_bytes, stop_corrent, temp_dir, write)

corrent = corrent_path()
check = Checker()
lt = import_libtorrent()

NODES = 8
# Every node of this DHT shares 127.0.0.1: corrent must not treat it as one node.
LOOPBACK_DHT = ["--set", "dht.restrict_search_ips=false", "--set", "dht.max_datagrams_per_source=100000"]


def dht_session(bootstrap_port=None):
    """A libtorrent session with its DHT on, on 127.0.0.1, knowing the node at
    `bootstrap_port`: added as a node (add_dht_node) rather than as a router
    (dht_bootstrap_nodes), because libtorrent never puts routers in its routing table and
    such a DHT fills very slowly."""
    session = lt.session({
        "listen_interfaces": "127.0.0.1:0", "outgoing_interfaces": "127.0.0.1",
        "enable_dht": True, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "enable_outgoing_utp": False, "enable_incoming_utp": False,
        "dht_bootstrap_nodes": "",
        "dht_restrict_routing_ips": False, "dht_restrict_search_ips": False, "dht_enforce_node_id": False,
        "allow_multiple_connections_per_ip": True,
        "alert_mask": lt.alert_category.error | lt.alert_category.dht | lt.alert_category.status,
    })
    deadline = time.monotonic() + 10
    while session.listen_port() == 0:
        if time.monotonic() > deadline:
            fail("a libtorrent DHT session got no listen port")
        time.sleep(0.01)
    if bootstrap_port is not None:
        session.add_dht_node(("127.0.0.1", bootstrap_port))
    return session


def table_size(session):
    session.post_dht_stats()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for alert in session.pop_alerts():
            if isinstance(alert, lt.dht_stats_alert):
                return sum(bucket["num_nodes"] for bucket in alert.routing_table)
        time.sleep(0.02)
    return 0


def make_torrent(root, size, seed):
    write(os.path.join(root, "payload.bin"), size, seed)
    fs = lt.file_storage()
    lt.add_files(fs, os.path.join(root, "payload.bin"))
    creator = lt.create_torrent(fs, 32768, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(creator, root)
    path = os.path.join(root, "payload.torrent")
    with open(path, "wb") as out:
        out.write(lt.bencode(creator.generate()))
    return path, lt.torrent_info(path)


def wait_for(what, condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def dht_state(state_dir):
    """corrent_env() with a configuration file of our own: the DHT on (corrent_env's
    default file turns it off), LSD still off (no multicast to the LAN)."""
    config = os.path.join(state_dir, "config", "corrent", "config.json")
    os.makedirs(os.path.dirname(config), exist_ok=True)
    with open(config, "w") as f:
        f.write('{"session": {"no-lsd": true}}\n')
    return corrent_env(state_dir)


with temp_dir() as tmp:
    sessions = [dht_session()]
    first_port = sessions[0].listen_port()
    router = "127.0.0.1:%d" % first_port
    sessions += [dht_session(first_port) for _ in range(NODES - 1)]
    joined = wait_for("the libtorrent DHT", lambda: all(table_size(s) >= 3 for s in sessions), 60)
    check.true("every libtorrent node knows at least 3 others", joined)

    # --- 1: corrent finds a libtorrent seeder through the DHT and downloads a bare magnet ---
    seed_root = os.path.join(tmp, "lt-seed")
    torrent, info = make_torrent(seed_root, 1_200_000, 11)
    seeder = sessions[NODES - 1]
    seeded = seeder.add_torrent({"ti": info, "save_path": seed_root})
    check.true("the libtorrent seeder has the whole torrent",
               wait_for("seeding", lambda: seeded.status().is_seeding, 60))
    info_hash = str(info.info_hashes().v1)
    # Wait until a node stored the seeder's announce: corrent's first lookup must be able to
    # find it (a lookup that finds no peer is repeated only after the announce interval,
    # 15 minutes, as libtorrent's is).
    stored = []

    def announce_stored():
        if not stored:
            seeded.force_dht_announce()
        for session in sessions:
            for alert in session.pop_alerts():
                if isinstance(alert, lt.dht_announce_alert) and str(alert.info_hash) == info_hash:
                    stored.append(alert)
        return bool(stored)

    check.true("a libtorrent node stored the seeder's announce", wait_for("the announce", announce_stored, 60))
    magnet = "magnet:?xt=urn:btih:%s" % info_hash  # no tr, no x.pe: the DHT or nothing
    out_dir, state = os.path.join(tmp, "out"), os.path.join(tmp, "state")
    down = Proc("corrent download", [corrent, "download", magnet, "-o", out_dir, "--bind", "127.0.0.1", "--port", "0",
                                     "--json", "--dht-bootstrap", router, "--timeout", "120"] + LOOPBACK_DHT,
                env=dht_state(state))
    status = down.wait(150)
    check.same("bare magnet download: exit status", status, 0)
    events = down.json_events()
    check.true("metadata fetched from a peer the DHT gave",
               any(e["event"] == "metadata_received" for e in events))
    check.true("bare magnet download: the seeder's bytes",
               same_bytes(os.path.join(seed_root, "payload.bin"), os.path.join(out_dir, "payload.bin")))
    if status != 0:
        print(down.describe())

    # --- 3: corrent dht ping, get-peers and table, against the same DHT ---
    tool = [corrent, "dht"]
    local = ["--bind", "127.0.0.1", "--json"]
    pinged = run(tool + ["ping", router] + local, expect=None, timeout=60)
    check.same("dht ping: exit status (%s)" % pinged.stderr.strip(), pinged.returncode, 0)
    if pinged.returncode == 0:
        reply = json.loads(pinged.stdout)
        check.true("dht ping: the node's id, 40 hex digits (%r)" % reply,
                   len(reply["id"]) == 40 and all(c in "0123456789abcdef" for c in reply["id"]))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as mute:  # takes datagrams, answers none
        mute.bind(("127.0.0.1", 0))
        silent = run(tool + ["ping", "127.0.0.1:%d" % mute.getsockname()[1], "--timeout", "1"] + local,
                     expect=None, timeout=60)
    check.true("dht ping of nobody: exit 1, one error line (%r)" % silent.stderr,
               silent.returncode == 1 and silent.stderr.count("\n") == 1 and silent.stdout == "")
    looked = run(tool + ["get-peers", info_hash, "--bootstrap", router, "--no-restrict-ips"] + local,
                 expect=None, timeout=60)
    check.same("dht get-peers: exit status (%s)" % looked.stderr.strip(), looked.returncode, 0)
    if looked.returncode == 0:
        found = json.loads(looked.stdout)
        check.true("dht get-peers: the libtorrent seeder, 127.0.0.1:%d (%r)" % (seeder.listen_port(), found["peers"]),
                   "127.0.0.1:%d" % seeder.listen_port() in found["peers"])
    listed = run(tool + ["table", "--bootstrap", router, "--no-restrict-ips"] + local, expect=None, timeout=60)
    check.same("dht table: exit status (%s)" % listed.stderr.strip(), listed.returncode, 0)
    if listed.returncode == 0:
        nodes = json.loads(listed.stdout)["nodes"]
        check.true("dht table: at least 3 of the libtorrent nodes (%d)" % len(nodes), len(nodes) >= 3)

    # --- 2: libtorrent finds corrent's announce ---
    data_root = os.path.join(tmp, "corrent-seed")
    torrent2, info2 = make_torrent(data_root, 900_000, 12)
    ours = Proc("corrent seed", [corrent, "seed", torrent2, data_root, "--bind", "127.0.0.1", "--port", "0", "--json",
                                 "--dht-bootstrap", router] + LOOPBACK_DHT, env=dht_state(os.path.join(tmp, "state2")))
    try:
        our_port = endpoint_port(ours.expect_event("listening", 60)["endpoints"][0])
        checked = ours.expect_event("torrent_checked", 60)
        check.same("corrent has every piece", checked["pieces_have"], checked["pieces_total"])
        leech_root = os.path.join(tmp, "lt-leech")
        os.makedirs(leech_root)
        leecher = dht_session(first_port)
        params = lt.add_torrent_params()
        params.info_hashes = lt.info_hash_t(lt.sha1_hash(bytes.fromhex(str(info2.info_hashes().v1))))
        params.save_path = leech_root
        handle = leecher.add_torrent(params)
        last_announce = [0.0]

        def leecher_done():
            if time.monotonic() - last_announce[0] > 5:  # look the info-hash up again
                handle.force_dht_announce()
                last_announce[0] = time.monotonic()
            return handle.status().is_seeding

        # corrent is the only peer that has this torrent: finishing means libtorrent found it.
        finished = wait_for("the libtorrent leecher", leecher_done, 120)
        check.true("libtorrent found corrent (port %d) through the DHT and finished" % our_port, finished)
        check.true("libtorrent's bytes are corrent's",
                   finished and same_bytes(os.path.join(data_root, "payload.bin"),
                                           os.path.join(leech_root, "payload.bin")))
    finally:
        stop_corrent(check, "corrent seed", ours)

check.finish()
