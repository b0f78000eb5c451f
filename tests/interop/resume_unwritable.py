"""Resume data that cannot be written (the state folder is a file) never stops a healthy
torrent: `corrent download --seed` finishes and keeps seeding, warns once with the path and
the system's reason, and writes the resume data on a later try once the folder is fixed.
Before, the torrent failed with "writing resume data" and the command exited 1."""
import os
import shutil
import signal
import time

from cli_lib import events_named, make_torrent, resume_file, seed
from interop_lib import Checker, corrent_download, corrent_path, same_bytes, temp_dir

corrent = corrent_path()
check = Checker()
RETRY_WITHIN = 25  # seconds: the engine retries every 10 s (kResumeInterval)

with temp_dir() as tmp:
    seed_dir, torrent, ih = make_torrent(corrent, tmp)
    seeder, port = seed(corrent, torrent, seed_dir, os.path.join(tmp, "seed-state"))
    seeder.expect_event("torrent_checked", 30)
    try:
        state = os.path.join(tmp, "state-is-a-file")
        with open(state, "w") as f:
            f.write("not a folder\n")
        out_dir = os.path.join(tmp, "out")
        leech = corrent_download(corrent, torrent, out_dir, state, peers=[port], extra=["--seed"])
        leech.expect_event("torrent_finished", 60)
        leech.expect_event("seeding", 10)
        time.sleep(3)
        check.same("still seeding after the resume data failed", leech.proc.poll(), None)
        warnings = events_named(leech, "torrent_warning")
        check.same("one warning", len(warnings), 1)
        detail = warnings[0]["detail"] if warnings else ""
        check.true("the warning names the resume file and the reason (%r)" % detail,
                   resume_file(state, ih) in detail and "Not a directory" in detail)
        check.same("no torrent_error", events_named(leech, "torrent_error"), [])
        check.true("the payload is complete", same_bytes(os.path.join(seed_dir, "payload.bin"),
                                                         os.path.join(out_dir, "payload.bin")))
        # Fixed while running: the next try writes it.
        os.remove(state)
        os.makedirs(state)
        deadline = time.monotonic() + RETRY_WITHIN
        while time.monotonic() < deadline and not os.path.exists(resume_file(state, ih)):
            time.sleep(0.25)
        check.true("resume data written once the folder is fixed", os.path.exists(resume_file(state, ih)))
        leech.signal(signal.SIGTERM)
        check.same("download --seed stops with 0", leech.wait(15), 0)
        check.same("still one warning", len(events_named(leech, "torrent_warning")), 1)
    finally:
        seeder.stop()

check.finish()
