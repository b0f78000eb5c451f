"""`corrent download --seed-time T` seeds once finished and stops after T s (exit 0, a
`seeding_stopped` event with reason seed_time, `done` last); `--seed-ratio R` stops once
this run uploaded R times the torrent's size (a third corrent fetches everything from the
one under test); `--max-upload-slots` takes 1..1000. Loopback only."""
import os
import time

from cli_lib import make_torrent, seed
from interop_lib import Checker, Proc, corrent_env, corrent_path, endpoint_port, run, temp_dir

corrent = corrent_path()
check = Checker()


def download(torrent, out, state, *extra):
    return Proc("corrent download", [corrent, "download", torrent, "-o", out, "--bind", "127.0.0.1", "--port", "0",
                                     "--json"] + list(extra), env=corrent_env(state))


def last_event(proc):
    events = proc.json_events()
    return events[-1] if events else {}


with temp_dir() as tmp:
    seed_dir, torrent, ih = make_torrent(corrent, tmp, size=300000)
    original, port = seed(corrent, torrent, seed_dir, os.path.join(tmp, "seed-state"))
    try:
        # --seed-time 2: seeds, then stops by itself.
        started = time.monotonic()
        proc = download(torrent, os.path.join(tmp, "out-time"), os.path.join(tmp, "st-time"), "--seed-time", "2",
                        "--peer", "127.0.0.1:%d" % port)
        status = proc.wait(60)
        proc.stdout_closed.wait(10)
        took = time.monotonic() - started
        events = proc.json_events()
        names = [e["event"] for e in events]
        check.same("--seed-time: exit status (%s)" % proc.stderr, status, 0)
        check.true("--seed-time: seeding after torrent_finished (%r)" % names,
                   "torrent_finished" in names and "seeding" in names
                   and names.index("seeding") > names.index("torrent_finished"))
        stopped = [e for e in events if e["event"] == "seeding_stopped"]
        check.same("--seed-time: seeding_stopped, reason seed_time", [e.get("reason") for e in stopped], ["seed_time"])
        check.true("--seed-time: seeded about 2 s (%r)" % stopped, bool(stopped) and 1.9 <= stopped[0]["seconds"] < 10)
        check.true("--seed-time: the run took at least 2 s (%.1f)" % took, took >= 2)
        check.same("--seed-time: done last, finished", (last_event(proc).get("event"), last_event(proc).get("result")),
                   ("done", "finished"))

        # --seed-ratio 1: B downloads from the original, C only from B; B stops once it
        # uploaded the torrent's size.
        b = download(torrent, os.path.join(tmp, "out-b"), os.path.join(tmp, "st-b"), "--seed-ratio", "1",
                     "--peer", "127.0.0.1:%d" % port)
        b_port = endpoint_port(b.expect_event("listening", 30)["endpoints"][0])
        b.expect_event("seeding", 60)
        c = download(torrent, os.path.join(tmp, "out-c"), os.path.join(tmp, "st-c"), "--peer", "127.0.0.1:%d" % b_port)
        check.same("--seed-ratio: C finished from B (%s)" % c.stderr, c.wait(60), 0)
        status = b.wait(30)
        b.stdout_closed.wait(10)
        stopped = [e for e in b.json_events() if e["event"] == "seeding_stopped"]
        check.same("--seed-ratio: B exit status (%s)" % b.stderr, status, 0)
        check.same("--seed-ratio: seeding_stopped, reason seed_ratio", [e.get("reason") for e in stopped], ["seed_ratio"])
        check.true("--seed-ratio: ratio at least 1 (%r)" % stopped, bool(stopped) and stopped[0]["ratio"] >= 1.0)
        check.same("--seed-ratio: done last", last_event(b).get("event"), "done")

        # --max-upload-slots: bounds, and a working download with 1 slot.
        bad = run([corrent, "download", torrent, "-o", os.path.join(tmp, "x"), "--max-upload-slots", "0"], expect=None)
        check.same("--max-upload-slots 0: usage error", bad.returncode, 2)
        proc = download(torrent, os.path.join(tmp, "out-slots"), os.path.join(tmp, "st-slots"), "--max-upload-slots",
                        "1", "--peer", "127.0.0.1:%d" % port)
        check.same("--max-upload-slots 1: a download works (%s)" % proc.stderr, proc.wait(60), 0)
    finally:
        original.stop()

check.finish()
