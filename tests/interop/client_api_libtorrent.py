"""samples/client_api/download (the client API's download example) against a
python3-libtorrent seed on 127.0.0.1: given the .torrent and the seed as a peer, with
--local (no DHT, no LSD, listening on 127.0.0.1), it downloads the whole file, exits 0, and
the bytes are the seed's. Then by magnet (the info dictionary from the seed through
ut_metadata), the same. A source that is nothing is refused with exit 1 and a message."""
import os
import sys

from interop_lib import Checker, Proc, import_libtorrent, lt_peer, same_bytes, temp_dir

sample = sys.argv[2] if len(sys.argv) > 2 else None
if sample is None or not os.access(sample, os.X_OK):
    print("FAIL: usage: client_api_libtorrent.py CORRENT CLIENT_API_DOWNLOAD", flush=True)
    sys.exit(1)
lt = import_libtorrent()
check = Checker()

with temp_dir() as tmp:
    seed_dir = os.path.join(tmp, "seed")
    os.makedirs(seed_dir)
    seeder, torrent, port = lt_peer("libtorrent seeder", seed_dir, "--size", "3000000")
    try:
        out = os.path.join(tmp, "out")
        os.makedirs(out)
        down = Proc("client_api_download", [sample, torrent, out, "--local", "--peer", "127.0.0.1:%d" % port])
        check.same("by .torrent: exit 0", down.wait(120), 0)
        check.true("by .torrent: the seed's bytes",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out, "payload.bin")))
        if down.returncode != 0:
            print(down.describe())

        info = lt.torrent_info(torrent)
        magnet = "magnet:?xt=urn:btih:%s" % info.info_hashes().v1
        out2 = os.path.join(tmp, "out2")
        os.makedirs(out2)
        down = Proc("client_api_download (magnet)", [sample, magnet, out2, "--local", "--peer", "127.0.0.1:%d" % port])
        check.same("by magnet: exit 0", down.wait(120), 0)
        check.true("by magnet: the seed's bytes",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out2, "payload.bin")))
        if down.returncode != 0:
            print(down.describe())
    finally:
        seeder.stop()

    bad = Proc("client_api_download (nothing)", [sample, os.path.join(tmp, "missing.torrent"), tmp, "--local"])
    check.same("a missing source: exit 1", bad.wait(30), 1)
    check.true("it says what is missing (%r)" % bad.stderr, any("missing.torrent" in l for l in bad.stderr))

check.finish()
