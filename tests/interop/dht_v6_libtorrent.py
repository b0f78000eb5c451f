"""The mainline DHT over IPv6 (BEP 5, BEP 32) against python3-libtorrent, on ::1 only.

A DHT of 8 libtorrent sessions (in this process) listening on [::1] only, DHT on, with the
restrictions that refuse nodes sharing one address off (dht_lib.dht_session), bootstraps
from the first. Nothing here has an IPv4 address: libtorrent listens on ::1, corrent binds
::1 and bootstraps from [::1]:PORT, so any node or peer either finds is found over IPv6
(BEP 32's nodes6 and 18-byte compact peers). Then:

1. `corrent download MAGNET`, a magnet with no tracker and no x.pe, finds the libtorrent
   seeder through the IPv6 DHT and downloads the torrent byte for byte; the metadata comes
   from the seeder at [::1]:its port, and the seeder saw a peer from ::1.
2. `corrent seed` of another torrent announces it on the IPv6 DHT: a fresh libtorrent
   node's lookup (dht_get_peers) returns corrent at [::1]:its port; that libtorrent
   session, given only the info-hash, then downloads from corrent byte for byte.

corrent runs with dht.restrict_search_ips=false and a raised per-source datagram limit, as
in dht_magnet_libtorrent.py. libtorrent's uTP is off (corrent speaks TCP only).
"""
import os
import time

from dht_lib import LOOPBACK_DHT, announce_until_stored, dht_lookup, dht_session, dht_state, leech_by_info_hash, \
    make_torrent, peers_seen, start_dht, wait_for, watch_peers
from interop_lib import Checker, Proc, corrent_path, endpoint_port, same_bytes, stop_corrent, temp_dir

corrent = corrent_path()
check = Checker()

NODES = 8
HOST = "::1"
DOWNLOAD_TIMEOUT_S = 120  # corrent's own --timeout; the process gets 30 s more


with temp_dir() as tmp:
    sessions, first_port = start_dht(check, NODES, HOST)
    router = "[::1]:%d" % first_port
    bind = ["--bind", HOST, "--port", "0", "--json", "--dht-bootstrap", router] + LOOPBACK_DHT

    # --- 1: corrent finds a libtorrent seeder through the IPv6 DHT ---
    seed_root = os.path.join(tmp, "lt-seed")
    _, info = make_torrent(seed_root, 1_200_000, 21)
    seeder = sessions[NODES - 1]
    seeded = seeder.add_torrent({"ti": info, "save_path": seed_root})
    check.true("the libtorrent seeder has the whole torrent",
               wait_for("seeding", lambda: seeded.status().is_seeding, 60))
    info_hash = str(info.info_hashes().v1)
    check.true("a libtorrent node stored the seeder's announce", announce_until_stored(sessions, seeded, info_hash))
    magnet = "magnet:?xt=urn:btih:%s" % info_hash  # no tr, no x.pe: the DHT or nothing
    out_dir = os.path.join(tmp, "out")
    down = Proc("corrent download", [corrent, "download", magnet, "-o", out_dir, "--timeout",
                                     str(DOWNLOAD_TIMEOUT_S)] + bind, env=dht_state(os.path.join(tmp, "state")))
    # The seeder's peers while corrent runs (it leaves when done).
    watch_peers(seeder)
    seen_by_seeder = set()
    wait_for("corrent's download",
             lambda: seen_by_seeder.update(peers_seen(seeder, seeded)) or down.stdout_closed.is_set(),
             DOWNLOAD_TIMEOUT_S + 30)
    status = down.wait(30)
    check.same("bare magnet download over IPv6: exit status", status, 0)
    seeder_at = "[::1]:%d" % seeder.listen_port()
    metadata = [e for e in down.json_events() if e["event"] == "metadata_received"]
    check.true("metadata fetched from the seeder at %s, found through the DHT (%r)" % (seeder_at, metadata),
               any(e["from"] == seeder_at for e in metadata))
    check.true("bare magnet download over IPv6: the seeder's bytes",
               same_bytes(os.path.join(seed_root, "payload.bin"), os.path.join(out_dir, "payload.bin")))
    check.true("the libtorrent seeder saw corrent from ::1 (%r)" % sorted(seen_by_seeder),
               any(ip == HOST for ip, _ in seen_by_seeder))
    if status != 0:
        print(down.describe())

    # --- 2: libtorrent finds corrent's IPv6 announce ---
    data_root = os.path.join(tmp, "corrent-seed")
    torrent2, info2 = make_torrent(data_root, 900_000, 22)
    ours = Proc("corrent seed", [corrent, "seed", torrent2, data_root] + bind,
                env=dht_state(os.path.join(tmp, "state2")))
    try:
        listening = ours.expect_event("listening", 60)["endpoints"]
        check.true("corrent seed listens on ::1 only (%r)" % listening,
                   listening and all(e.startswith("[::1]:") for e in listening))
        our_port = endpoint_port(listening[0])
        checked = ours.expect_event("torrent_checked", 60)
        check.same("corrent has every piece", checked["pieces_have"], checked["pieces_total"])
        info2_hash = str(info2.info_hashes().v1)
        leecher = dht_session(first_port, HOST)
        # corrent's announce_peer reached the IPv6 DHT: a libtorrent lookup returns it.
        looked_up = dht_lookup(leecher, info2_hash, (HOST, our_port))
        check.true("a libtorrent DHT lookup returns corrent's IPv6 announce, [::1]:%d (%r)"
                   % (our_port, sorted(looked_up)), (HOST, our_port) in looked_up)
        watch_peers(leecher)
        seen_by_leecher = set()
        started = time.monotonic()
        # corrent is the only peer that has this torrent: finishing means the two met through
        # the IPv6 DHT (libtorrent dialling corrent's announced port, or corrent dialling the
        # leecher it found by its own lookup).
        finished = leech_by_info_hash(leecher, info2_hash, os.path.join(tmp, "lt-leech"), 120,
                                      lambda handle: seen_by_leecher.update(peers_seen(leecher, handle)))
        check.true("libtorrent downloaded from corrent through the IPv6 DHT (%.0f s)" % (time.monotonic() - started),
                   finished)
        check.true("libtorrent's peers were on ::1 (%r)" % sorted(seen_by_leecher),
                   seen_by_leecher and all(ip == HOST for ip, _ in seen_by_leecher))
        check.true("libtorrent's bytes are corrent's",
                   finished and same_bytes(os.path.join(data_root, "payload.bin"),
                                           os.path.join(tmp, "lt-leech", "payload.bin")))
    finally:
        stop_corrent(check, "corrent seed", ours)

check.finish()
