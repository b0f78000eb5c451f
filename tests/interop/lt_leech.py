"""`corrent seed` seeding a multi-file torrent (libtorrent's hybrid layout, with pad files)
on 127.0.0.1 and a python3-libtorrent leecher downloading it from corrent alone: the check
finds every piece, the leecher finishes, and its bytes are the originals. SIGTERM stops
the seeder with exit 0."""
import os
import shutil

from interop_lib import Checker, corrent_path, corrent_seed, lt_peer, same_bytes, temp_dir

corrent = corrent_path()
check = Checker()

with temp_dir() as tmp:
    make_dir, data_dir, leech_dir, state = (os.path.join(tmp, d) for d in ("make", "data", "leech", "state"))
    for d in (make_dir, leech_dir):
        os.makedirs(d)
    # libtorrent makes the payload and torrent (and checks them once); corrent seeds a copy.
    maker, torrent, _ = lt_peer("libtorrent maker", make_dir, "--files", "3", "--size", "2500000",
                                "--piece-length", "65536")
    maker.stop()
    shutil.copytree(os.path.join(make_dir, "payload"), os.path.join(data_dir, "payload"))
    seeder, port, checked = corrent_seed(corrent, torrent, data_dir, state)
    try:
        check.same("check on add finds every piece", checked["pieces_have"], checked["pieces_total"])
        leecher, _, _ = lt_peer("libtorrent leecher", leech_dir, "--torrent", torrent, "--leech",
                                "--connect", "127.0.0.1:%d" % port, "--sources")
        try:
            line = leecher.expect(lambda l: l.startswith("finished: ") or l.startswith("error: "), 120,
                                  "the leecher finishing")
            check.true("libtorrent leecher finished", line.startswith("finished: "))
            sources = {l[len("source: "):] for l in leecher.seen if l.startswith("source: ")}
            check.same("where the leecher's blocks came from", sources, {"127.0.0.1:%d" % port})
        finally:
            leecher.stop()
        for name in sorted(os.listdir(os.path.join(data_dir, "payload"))):
            check.true("leeched %s matches" % name,
                       same_bytes(os.path.join(data_dir, "payload", name), os.path.join(leech_dir, "payload", name)))
    finally:
        status = seeder.stop()
    check.same("corrent seed exits 0 on SIGTERM", status, 0)
    done = [e for e in seeder.json_events() if e["event"] == "done"]
    check.true("corrent seed reports bytes uploaded",
               bool(done) and done[-1].get("status", {}).get("uploaded", 0) >= 2500000)

check.finish()
