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

from dht_lib import LOOPBACK_DHT, announce_until_stored, dht_session, dht_state, leech_by_info_hash, make_torrent, \
    start_dht, wait_for
from interop_lib import Checker, Proc, corrent_path, endpoint_port, run, same_bytes, stop_corrent, temp_dir

corrent = corrent_path()
check = Checker()

NODES = 8


with temp_dir() as tmp:
    sessions, first_port = start_dht(check, NODES)
    router = "127.0.0.1:%d" % first_port

    # --- 1: corrent finds a libtorrent seeder through the DHT and downloads a bare magnet ---
    seed_root = os.path.join(tmp, "lt-seed")
    torrent, info = make_torrent(seed_root, 1_200_000, 11)
    seeder = sessions[NODES - 1]
    seeded = seeder.add_torrent({"ti": info, "save_path": seed_root})
    check.true("the libtorrent seeder has the whole torrent",
               wait_for("seeding", lambda: seeded.status().is_seeding, 60))
    info_hash = str(info.info_hashes().v1)
    check.true("a libtorrent node stored the seeder's announce", announce_until_stored(sessions, seeded, info_hash))
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
        leecher = dht_session(first_port)
        # corrent is the only peer that has this torrent: finishing means libtorrent found it.
        finished = leech_by_info_hash(leecher, str(info2.info_hashes().v1), leech_root, 120)
        check.true("libtorrent found corrent (port %d) through the DHT and finished" % our_port, finished)
        check.true("libtorrent's bytes are corrent's",
                   finished and same_bytes(os.path.join(data_root, "payload.bin"),
                                           os.path.join(leech_root, "payload.bin")))
    finally:
        stop_corrent(check, "corrent seed", ours)

check.finish()
