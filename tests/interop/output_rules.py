"""The engine commands' output rules: with --json, `done` is the last line even when the
session's last tracker replies (the "stopped" announce on the way out) come after the
torrent ended, for `download` and for `seed`; `check_progress` comes by time (at most 4 a
second, the last always), not every few pieces. Loopback only; the tracker is Debian's
opentracker, which accepts the "started" announce, so that a "stopped" one is sent (and
answered) while the session stops."""
import json
import os
import time

from interop_lib import Checker, Proc, corrent_env, corrent_info, corrent_path, endpoint_port, run, temp_dir, write
from tracker_lib import OpenTracker

corrent = corrent_path()
check = Checker()


with temp_dir() as tmp:
    data = os.path.join(tmp, "seed")
    write(os.path.join(data, "many.bin"), 8 * 1024 * 1024 + 5, seed=3)
    # The info-hash does not depend on the announce URL: make it first, whitelist it, then
    # make the torrent that announces to the tracker.
    draft = os.path.join(tmp, "draft.torrent")
    run([corrent, "create", os.path.join(data, "many.bin"), "-o", draft, "-l", "16K"])
    info_hash = corrent_info(corrent, draft)["info_hash"]
    tracker = OpenTracker([info_hash])
    torrent = os.path.join(tmp, "t.torrent")
    run([corrent, "create", os.path.join(data, "many.bin"), "-o", torrent, "-l", "16K", "-t", tracker.http_announce])
    check.same("the tracked torrent's info-hash", corrent_info(corrent, torrent)["info_hash"], info_hash)
    pieces = (8 * 1024 * 1024 + 5 + 16383) // 16384

    started = time.monotonic()
    seeder = Proc("corrent seed", [corrent, "seed", torrent, data, "--bind", "127.0.0.1", "--port", "0", "--json"],
                  env=corrent_env(os.path.join(tmp, "seed-state")))
    try:
        port = endpoint_port(seeder.expect_event("listening", 30)["endpoints"][0])
        seeder.expect_event("torrent_checked", 60)
        took = time.monotonic() - started
        progress = [e for e in seeder.json_events() if e["event"] == "check_progress"]
        check.true("check_progress by time: %d events for %d pieces in %.2f s" % (len(progress), pieces, took),
                   1 <= len(progress) <= 4 * took + 2)
        check.true("check_progress: the last says every piece (%r)" % progress[-1:],
                   bool(progress) and progress[-1]["done"] == progress[-1]["total"] == pieces)

        out = os.path.join(tmp, "out")
        proc = Proc("corrent download", [corrent, "download", torrent, "-o", out, "--bind", "127.0.0.1", "--port",
                                         "0", "--json", "--peer", "127.0.0.1:%d" % port],
                    env=corrent_env(os.path.join(tmp, "state")))
        status = proc.wait(120)
        proc.stdout_closed.wait(10)
        check.same("download: exit status (%s)" % proc.stderr, status, 0)
        lines = [json.loads(l) for l in proc.seen if l.startswith("{")]
        names = [l.get("event") for l in lines]
        stopped = [l for l in lines if l.get("event") == "tracker_reply" and l.get("announce") == "stopped"]
        check.true("download: the stopped announce's reply was printed (%r)" % names[-5:], len(stopped) == 1)
        check.same("download: done is the last line", names[-1:], ["done"])
        check.same("download: nothing but JSON lines", len(names), len(proc.seen))
    finally:
        status = seeder.stop()
        seeder.stdout_closed.wait(10)
    check.same("seed: exit status on SIGTERM", status, 0)
    tracker.stop()
    lines = [json.loads(l) for l in seeder.seen if l.startswith("{")]
    names = [l.get("event") for l in lines]
    stopped = [l for l in lines if l.get("event") == "tracker_reply" and l.get("announce") == "stopped"]
    check.true("seed: the stopped announce's reply was printed (%r)" % names[-4:], len(stopped) == 1)
    check.same("seed: done is the last line (%r)" % names[-4:], names[-1:], ["done"])

check.finish()
