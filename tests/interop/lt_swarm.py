"""A swarm on 127.0.0.1: a python3-libtorrent seeder (upload rate-limited, so the swarm
lasts a few seconds), `corrent download --seed` from it, and a python3-libtorrent leecher
that knows only corrent (no DHT, LSD, trackers or PEX), so every byte it gets passes
through corrent. Everyone completes; bytes verified on both downloaders."""
import os

from interop_lib import Checker, corrent_download, corrent_path, endpoint_port, lt_peer, same_bytes, temp_dir

corrent = corrent_path()
check = Checker()
SIZE = 4000000

with temp_dir() as tmp:
    seed_dir, corrent_dir, leech_dir, state = (os.path.join(tmp, d) for d in ("seed", "corrent", "leech", "state"))
    for d in (seed_dir, leech_dir):
        os.makedirs(d)
    seeder, torrent, port = lt_peer("libtorrent seeder", seed_dir, "--files", "3", "--size", str(SIZE),
                                    "--piece-length", "32768", "--upload-limit", "1000000")
    down = leecher = None
    try:
        down = corrent_download(corrent, torrent, corrent_dir, state, peers=[port], extra=["--seed"])
        listening = down.expect_event("listening", 60)
        corrent_port = endpoint_port(listening["endpoints"][0])
        leecher, _, _ = lt_peer("libtorrent leecher", leech_dir, "--torrent", torrent, "--leech",
                                "--connect", "127.0.0.1:%d" % corrent_port, "--sources")
        down.expect_event("torrent_finished", 120)  # fails the test if it never comes
        line = leecher.expect(lambda l: l.startswith("finished: ") or l.startswith("error: "), 120,
                              "the leecher finishing")
        check.true("libtorrent leecher finished through corrent", line.startswith("finished: "))
        # The leecher knows only corrent, at its listening port; a block may also come over
        # a connection corrent dialled (its own source port) when libtorrent closed corrent
        # as it turned seed and corrent dialled back, but never from the seeder.
        sources = {l[len("source: "):] for l in leecher.seen if l.startswith("source: ")}
        check.true("the leecher got blocks from corrent's listening port", "127.0.0.1:%d" % corrent_port in sources)
        check.true("and none from the seeder", "127.0.0.1:%d" % port not in sources)
        for name in sorted(os.listdir(os.path.join(seed_dir, "payload"))):
            original = os.path.join(seed_dir, "payload", name)
            check.true("corrent's %s matches" % name, same_bytes(original, os.path.join(corrent_dir, "payload", name)))
            check.true("leecher's %s matches" % name, same_bytes(original, os.path.join(leech_dir, "payload", name)))
    finally:
        for proc in (leecher, seeder):
            if proc:
                proc.stop()
        status = down.stop() if down else None
    check.same("corrent download --seed exits 0 on SIGTERM", status, 0)
    uploaded = [e for e in down.json_events() if e["event"] == "done"]
    check.true("corrent uploaded the payload to the leecher",
               bool(uploaded) and uploaded[-1].get("status", {}).get("uploaded", 0) >= SIZE)

check.finish()
