"""`corrent download` from two peers on 127.0.0.1: an honest python3-libtorrent seeder
(upload rate-limited, so the other peer gets to serve many blocks) and a small python
peer speaking the BitTorrent wire that claims every piece and answers every request with
corrupted bytes. The download still completes with the right bytes, pieces fail their
hash check on the way (piece_failed), and the corrupt peer is banned (peer_banned naming
its endpoint) while the honest seeder is not."""
import os

from corrupt_lib import CorruptPeer
from interop_lib import (Checker, corrent_download, corrent_info, corrent_path, endpoint_port, lt_peer,
                         same_bytes, temp_dir)

corrent = corrent_path()
check = Checker()
SIZE = 3000000
PIECE = 32768

with temp_dir() as tmp:
    seed_dir, out_dir, state = (os.path.join(tmp, d) for d in ("seed", "out", "state"))
    os.makedirs(seed_dir)
    seeder, torrent, port = lt_peer("libtorrent seeder", seed_dir, "--size", str(SIZE),
                                    "--piece-length", str(PIECE), "--upload-limit", "400000")
    info = corrent_info(corrent, torrent)
    bad = CorruptPeer(bytes.fromhex(info["info_hash"]), os.path.join(seed_dir, "payload.bin"), info["piece_count"],
                      PIECE)
    try:
        down = corrent_download(corrent, torrent, out_dir, state, peers=[bad.port, port])
        status = down.wait(180)
        check.same("download exit status", status, 0)
        if status != 0:
            print(down.describe())
        events = down.json_events()
        check.true("the corrupt peer served blocks (%d)" % bad.blocks_sent, bad.blocks_sent > 0)
        failed = [e for e in events if e["event"] == "piece_failed"]
        check.true("pieces failed their hash check (%d)" % len(failed), len(failed) >= 1)
        banned = [endpoint_port(e["endpoint"]) for e in events if e["event"] == "peer_banned"]
        check.true("the corrupt peer was banned (%r)" % banned, bad.port in banned)
        check.true("the honest seeder was not banned", port not in banned)
        check.true("torrent_finished reported", any(e["event"] == "torrent_finished" for e in events))
        check.true("the payload matches the seeder's",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out_dir, "payload.bin")))
    finally:
        bad.close()
        seeder.stop()

check.finish()
