"""Kill -9 in the middle of `corrent download`, then the same command again: it completes,
the bytes are right, and what the second run fetched shows that the pieces verified before
the kill were not fetched again. The seeder (python3-libtorrent) is upload rate-limited so
that the first run is still downloading when it is killed. Resume data goes under
XDG_STATE_HOME, a temporary folder."""
import os

from interop_lib import Checker, corrent_download, corrent_info, corrent_path, lt_peer, same_bytes, temp_dir

corrent = corrent_path()
check = Checker()
SIZE = 8 * 1024 * 1024 + 4321
PIECE = 65536
KILL_AFTER = 30  # piece_finished events of the first run before the kill


def piece_size(index, count):
    return SIZE - PIECE * (count - 1) if index == count - 1 else PIECE


with temp_dir() as tmp:
    seed_dir, out_dir, state = (os.path.join(tmp, d) for d in ("seed", "out", "state"))
    os.makedirs(seed_dir)
    seeder, torrent, port = lt_peer("libtorrent seeder", seed_dir, "--size", str(SIZE),
                                    "--piece-length", str(PIECE), "--upload-limit", "1500000")
    try:
        count = corrent_info(corrent, torrent)["piece_count"]
        first = corrent_download(corrent, torrent, out_dir, state, peers=[port])
        for _ in range(KILL_AFTER):
            first.expect_event("piece_finished", 60)
        first.kill()
        check.same("first run killed by SIGKILL", first.returncode, -9)
        before = {e["piece"] for e in first.json_events() if e["event"] == "piece_finished"}
        check.true("first run was still downloading (%d of %d pieces)" % (len(before), count),
                   KILL_AFTER <= len(before) < count)

        second = corrent_download(corrent, torrent, out_dir, state, peers=[port])
        status = second.wait(180)
        check.same("second run exit status", status, 0)
        if status != 0:
            print(second.describe())
        events = second.json_events()
        checked = [e for e in events if e["event"] == "torrent_checked"]
        check.true("second run's check keeps the pieces verified before the kill",
                   bool(checked) and checked[0]["pieces_have"] >= len(before))
        again = {e["piece"] for e in events if e["event"] == "piece_finished"} & before
        check.same("pieces verified before the kill and fetched again", sorted(again), [])
        done = [e for e in events if e["event"] == "done"]
        fetched = done[-1].get("session_downloaded") if done else None
        kept = sum(piece_size(p, count) for p in before)
        print("second run fetched %r bytes; %d bytes were verified before the kill" % (fetched, kept))
        check.true("second run fetched at most the total minus the pieces kept",
                   fetched is not None and fetched <= SIZE - kept)
        check.true("the payload matches the seeder's",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out_dir, "payload.bin")))
    finally:
        seeder.stop()

check.finish()
