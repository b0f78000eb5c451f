"""A damaged or truncated resume file is a warning, never a failure: `corrent seed` and
`corrent download` check the data and run. Before, every later run of the torrent failed
("resume data ignored, checking every piece", exit 1) until the file was deleted by hand."""
import os
import signal
import time

from cli_lib import events_named, make_torrent, resume_file, seed
from interop_lib import Checker, corrent_download, corrent_path, same_bytes, temp_dir

corrent = corrent_path()
check = Checker()

DAMAGE = {
    "truncated": b"d14:corrent-resumei1e9:info-hash20:",
    "garbage": b"\x00\xffnot bencode at all",
    "empty": b"",
}

with temp_dir() as tmp:
    seed_dir, torrent, ih = make_torrent(corrent, tmp)
    for label, damage in DAMAGE.items():
        state = os.path.join(tmp, "state-" + label)
        path = resume_file(state, ih)
        os.makedirs(os.path.dirname(path))
        with open(path, "wb") as out:
            out.write(damage)
        seeder, port = seed(corrent, torrent, seed_dir, state)
        checked = seeder.expect_event("torrent_checked", 30)
        check.same(label + ": seed checks every piece", checked["pieces_have"], checked["pieces_total"])
        time.sleep(1.5)
        check.same(label + ": the seed is still running", seeder.proc.poll(), None)
        warnings = events_named(seeder, "torrent_warning")
        check.true(label + ": a warning names the resume file (%r)" % warnings,
                   any(path in w["detail"] for w in warnings))
        check.same(label + ": no torrent_error", events_named(seeder, "torrent_error"), [])

        out_dir = os.path.join(tmp, "out-" + label)
        leech_state = os.path.join(tmp, "leech-state-" + label)
        leech_path = resume_file(leech_state, ih)
        os.makedirs(os.path.dirname(leech_path))
        with open(leech_path, "wb") as out:
            out.write(damage)
        leech = corrent_download(corrent, torrent, out_dir, leech_state, peers=[port])
        status = leech.wait(60)
        check.same(label + ": download exit status", status, 0)
        if status != 0:
            print(leech.describe())
        check.true(label + ": downloaded bytes match", same_bytes(os.path.join(seed_dir, "payload.bin"),
                                                                 os.path.join(out_dir, "payload.bin")))
        seeder.signal(signal.SIGTERM)
        check.same(label + ": seed stops with 0", seeder.wait(15), 0)
        check.true(label + ": the resume file is rewritten whole", os.path.getsize(path) > len(damage))

check.finish()
