"""--blocklist against python3-libtorrent, both directions, on 127.0.0.1 only.

The blocklist names 127.0.0.1 (eMule ipfilter.dat form), so every libtorrent peer of the
test is blocked:

1. Outbound: `corrent download --peer <libtorrent seeder> --blocklist F` never connects:
   no peer_connected within the window and it ends at its timeout; the same command without
   --blocklist then finishes, so the seeder was reachable all along.
2. Inbound: a libtorrent leecher dials `corrent seed --blocklist F`, which closes the
   connection at accept, before the handshake: no peer_connected at corrent, and
   libtorrent receives no block from it (its "source:" lines) and no byte. Told then of a
   second `corrent seed` without the blocklist, the same leecher finishes: it could
   connect all along.
(lt_peer.py's "peer:" lines are no witness here: libtorrent names no client for
corrent's peer id, so they stay empty either way.)
3. A blocklist with no valid line is refused with exit 2 and an error naming the file.
"""
import os
import time

from interop_lib import Checker, corrent_download, corrent_path, corrent_seed, lt_peer, run, same_bytes, \
    stop_corrent, temp_dir

corrent = corrent_path()
check = Checker()

# How long a blocked peer is given to connect anyway: libtorrent and corrent dial loopback
# peers within milliseconds, and retry failed ones within seconds.
WINDOW_S = 8

with temp_dir() as tmp:
    blocklist = os.path.join(tmp, "ipfilter.dat")
    with open(blocklist, "w") as f:
        f.write("# loopback, so that every peer of this test is blocked\n")
        f.write("127.000.000.001 - 127.000.000.001 , 000 , loopback\n")

    # --- 1: outbound ---
    for folder in ("seed", "leech"):
        os.makedirs(os.path.join(tmp, folder))
    seeder, torrent, seeder_port = lt_peer("libtorrent seeder", os.path.join(tmp, "seed"), "--size", "300000")
    try:
        blocked = corrent_download(corrent, torrent, os.path.join(tmp, "out1"), os.path.join(tmp, "state1"),
                                   peers=[seeder_port], extra=["--blocklist", blocklist, "--timeout", str(WINDOW_S)])
        status = blocked.wait(WINDOW_S + 30)
        check.same("blocked download: exit 1 at its timeout", status, 1)
        events = blocked.json_events()
        check.same("blocked download: no peer_connected",
                   [e for e in events if e["event"] == "peer_connected"], [])
        free = corrent_download(corrent, torrent, os.path.join(tmp, "out2"), os.path.join(tmp, "state2"),
                                peers=[seeder_port], extra=["--timeout", "60"])
        check.same("the same download without --blocklist: exit 0", free.wait(90), 0)
        check.true("without --blocklist: the seeder's bytes",
                   same_bytes(os.path.join(tmp, "seed", "payload.bin"), os.path.join(tmp, "out2", "payload.bin")))
    finally:
        seeder.stop()

    # --- 2: inbound ---
    data = os.path.join(tmp, "out2")  # what the download above fetched: corrent seeds it
    ours, our_port, _ = corrent_seed(corrent, torrent, data, os.path.join(tmp, "state3"),
                                     extra=["--blocklist", blocklist])
    connect_file = os.path.join(tmp, "connect.txt")
    leecher, _, _ = lt_peer("libtorrent leecher", os.path.join(tmp, "leech"), "--leech", "--torrent", torrent,
                            "--connect", "127.0.0.1:%d" % our_port, "--connect-file", connect_file, "--sources")
    other = None
    try:
        time.sleep(WINDOW_S)
        check.same("the leecher got no block from the blocking seed",
                   [l for l in leecher.seen if l.startswith("source: ")], [])
        check.same("the leecher got no byte",
                   [l for l in leecher.seen if l.startswith("progress: ") and l != "progress: 0"], [])
        check.same("the blocking seed: no peer_connected",
                   [e for e in ours.json_events() if e["event"] == "peer_connected"], [])
        other, other_port, _ = corrent_seed(corrent, torrent, data, os.path.join(tmp, "state4"))
        with open(connect_file + ".tmp", "w") as f:
            f.write("127.0.0.1:%d\n" % other_port)
        os.rename(connect_file + ".tmp", connect_file)
        finished = leecher.expect(lambda l: l.startswith("progress: ") and int(l.split()[1]) >= 300000, 60,
                                  "the whole torrent")
        check.true("the leecher finished from the seed without --blocklist", finished is not None)
        check.true("its blocks came from that seed (%r)" % [l for l in leecher.seen if l.startswith("source: ")],
                   "source: 127.0.0.1:%d" % other_port in leecher.seen)
    finally:
        leecher.stop()
        if other is not None:
            stop_corrent(check, "corrent seed (no blocklist)", other)
        stop_corrent(check, "corrent seed --blocklist", ours)

    # --- 3: a file that is not a blocklist ---
    junk = os.path.join(tmp, "junk.txt")
    with open(junk, "w") as f:
        f.write("this is not a blocklist\nnor is this\n")
    refused = run([corrent, "seed", torrent, data, "--blocklist", junk, "--bind", "127.0.0.1", "--port", "0"],
                  expect=None, timeout=30)
    check.same("a blocklist with no valid line: exit 2", refused.returncode, 2)
    check.true("the error names the file (%r)" % refused.stderr, junk in refused.stderr)

check.finish()
