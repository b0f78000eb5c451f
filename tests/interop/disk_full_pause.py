"""A full disk pauses the torrent, it does not end the program: `corrent download` into a
small tmpfs that fills up reports "No space left on device" with the file's path
(torrent_paused), keeps running, and once space is freed resumes by itself
(torrent_resumed) and finishes with exit 0. The tmpfs is mounted here (the tests run as
root); if it cannot be mounted the test fails with the reason, it does not skip."""
import os
import subprocess
import time

from cli_lib import events_named, make_torrent, seed
from interop_lib import Checker, corrent_download, corrent_path, fail, same_bytes, temp_dir

corrent = corrent_path()
check = Checker()
SIZE = 3 * 1024 * 1024 + 555

with temp_dir() as tmp:
    seed_dir, torrent, ih = make_torrent(corrent, tmp, size=SIZE)
    seeder, port = seed(corrent, torrent, seed_dir, os.path.join(tmp, "seed-state"))
    seeder.expect_event("torrent_checked", 30)
    small = os.path.join(tmp, "small")
    os.makedirs(small)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", small], capture_output=True,
                             text=True)
    if mounted.returncode != 0:
        seeder.stop()
        fail("cannot mount a 4 MiB tmpfs at %s: %s" % (small, mounted.stderr.strip()))
    try:
        filler = os.path.join(small, "filler")
        with open(filler, "wb") as f:  # leaves about 1 MiB: less than the payload
            f.write(b"\0" * (3 * 1024 * 1024))
        out = os.path.join(small, "out")
        leech = corrent_download(corrent, torrent, out, os.path.join(tmp, "state"), peers=[port])
        paused = leech.expect_event("torrent_paused", 60)
        target = os.path.join(out, "payload.bin")
        check.true("paused with the path and the system's reason (%r)" % paused["detail"],
                   target in paused["detail"] and "No space left on device" in paused["detail"])
        time.sleep(2)
        check.same("still running while paused", leech.proc.poll(), None)
        os.remove(filler)
        leech.expect_event("torrent_resumed", 60)
        status = leech.wait(60)
        check.same("download exit status once space returned", status, 0)
        if status != 0:
            print(leech.describe())
        check.same("no torrent_error", events_named(leech, "torrent_error"), [])
        check.true("downloaded bytes match", same_bytes(os.path.join(seed_dir, "payload.bin"), target))
    finally:
        seeder.stop()
        subprocess.run(["umount", "-l", small], check=False)

check.finish()
