"""Smart ban against real peers: `corrent download` from two honest python3-libtorrent
seeders (upload rate-limited) and a sneaky python peer on 127.0.0.1 that refuses every
piece's first block and corrupts the second (each block once; asked again, it refuses).
It never sends a whole piece, so each piece it spoils fails shared with an honest seeder
and passes once a seeder sends it all. The download completes with the right bytes, and
the sneaky peer is banned by smart ban (its block compared with the good one) while
neither libtorrent seeder is, though each shared its failures."""
import os

from corrupt_lib import CorruptPeer
from interop_lib import (Checker, corrent_download, corrent_info, corrent_path, endpoint_port, lt_peer,
                         same_bytes, temp_dir)

corrent = corrent_path()
check = Checker()
SIZE = 2000000
PIECE = 32768  # two blocks a piece

with temp_dir() as tmp:
    seed_dir, out_dir, state = (os.path.join(tmp, d) for d in ("seed", "out", "state"))
    os.makedirs(seed_dir)
    first, torrent, first_port = lt_peer("libtorrent seeder 1", seed_dir, "--size", str(SIZE),
                                         "--piece-length", str(PIECE), "--upload-limit", "300000")
    second, _, second_port = lt_peer("libtorrent seeder 2", seed_dir, "--torrent", torrent,
                                     "--upload-limit", "300000")
    info = corrent_info(corrent, torrent)
    sneaky = CorruptPeer(bytes.fromhex(info["info_hash"]), os.path.join(seed_dir, "payload.bin"),
                         info["piece_count"], PIECE, mode="sneaky")
    try:
        down = corrent_download(corrent, torrent, out_dir, state, peers=[sneaky.port, first_port, second_port])
        status = down.wait(180)
        check.same("download exit status", status, 0)
        if status != 0:
            print(down.describe())
        events = down.json_events()
        check.true("the sneaky peer spoiled blocks (%d) and refused others (%d)" % (len(sneaky.spoiled), sneaky.rejected),
                   len(sneaky.spoiled) > 0 and sneaky.rejected > 0)
        failed = [e for e in events if e["event"] == "piece_failed"]
        check.true("pieces failed their hash check (%d)" % len(failed), len(failed) >= 1)
        check.true("every failed piece had two senders or more", all(e["contributors"] >= 2 for e in failed))
        bans = [e for e in events if e["event"] == "peer_banned"]
        banned = [endpoint_port(e["endpoint"]) for e in bans]
        check.true("the sneaky peer was banned (%r)" % banned, sneaky.port in banned)
        check.true("by smart ban (%r)" % [e["why"] for e in bans],
                   any(endpoint_port(e["endpoint"]) == sneaky.port and "smart ban" in e["why"] for e in bans))
        check.true("neither libtorrent seeder was banned", first_port not in banned and second_port not in banned)
        check.true("the payload matches the seeders'",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out_dir, "payload.bin")))
    finally:
        sneaky.close()
        first.stop()
        second.stop()

check.finish()
