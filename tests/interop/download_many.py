"""`corrent download A.torrent B.torrent -o DIR` fetches several torrents in one session:
each is named in the text and JSON output (`torrents` of `done`, one text line each), the
exit status is 0 only when all finished, and `done` is the last line. --only with several
torrents is a usage error that says why; one torrent that cannot finish (no peer) fails
the run under --timeout while the other still completes. Loopback only."""
import json
import os

from cli_lib import make_torrent, seed
from interop_lib import Checker, Proc, corrent_env, corrent_path, run, same_bytes, temp_dir

corrent = corrent_path()
check = Checker()


def download(args, state, json_out=True):
    extra = ["--json"] if json_out else []
    return Proc("corrent download", [corrent, "download"] + args + ["--bind", "127.0.0.1", "--port", "0"] + extra,
                env=corrent_env(state))


with temp_dir() as tmp:
    roots = [os.path.join(tmp, n) for n in ("a", "b", "c")]
    made = [make_torrent(corrent, root, size=200000 + 1000 * i, name="file-%d.bin" % i) for i, root in enumerate(roots)]
    seeds = []
    try:
        for i, (seed_dir, torrent, ih) in enumerate(made[:2]):
            proc, port = seed(corrent, torrent, seed_dir, os.path.join(tmp, "seed-state-%d" % i))
            seeds.append((proc, port))
        peers = []
        for _, port in seeds:
            peers += ["--peer", "127.0.0.1:%d" % port]

        # Two torrents, JSON.
        out = os.path.join(tmp, "out-json")
        proc = download([made[0][1], made[1][1], "-o", out] + peers, os.path.join(tmp, "state-json"))
        status = proc.wait(120)
        proc.stdout_closed.wait(10)
        check.same("two torrents, JSON: exit status (%s)" % proc.stderr, status, 0)
        events = proc.json_events()
        check.true("two torrents: done is the last line (%r)" % proc.seen[-1:],
                   bool(proc.seen) and json.loads(proc.seen[-1]).get("event") == "done")
        done = events[-1] if events else {}
        check.same("two torrents: result", done.get("result"), "finished")
        torrents = done.get("torrents", [])
        check.same("two torrents: done names each",
                   sorted((t.get("name"), t.get("info_hash"), t.get("result")) for t in torrents),
                   sorted(("file-%d.bin" % i, made[i][2], "finished") for i in range(2)))
        check.same("two torrents: torrent_finished for each",
                   sorted(e["info_hash"] for e in events if e["event"] == "torrent_finished"),
                   sorted(m[2] for m in made[:2]))
        check.true("two torrents: torrent_finished has the name",
                   all(e.get("name", "").startswith("file-") for e in events if e["event"] == "torrent_finished"))
        for i in range(2):
            check.true("two torrents: file %d arrived whole" % i,
                       same_bytes(os.path.join(out, "file-%d.bin" % i), os.path.join(made[i][0], "file-%d.bin" % i)))

        # Two torrents, text: a line per torrent naming it, `done` last.
        out = os.path.join(tmp, "out-text")
        proc = download([made[0][1], made[1][1], "-o", out] + peers, os.path.join(tmp, "state-text"), json_out=False)
        status = proc.wait(120)
        proc.stdout_closed.wait(10)
        check.same("two torrents, text: exit status (%s)" % proc.stderr, status, 0)
        for i in range(2):
            check.true("two torrents, text: a finished line names file-%d.bin" % i,
                       any(l.startswith("file-%d.bin: finished" % i) for l in proc.seen))
        check.true("two torrents, text: the summary is last (%r)" % proc.seen[-1:],
                   bool(proc.seen) and proc.seen[-1].startswith("finished after "))

        # --only with several torrents.
        done_run = run([corrent, "download", made[0][1], made[1][1], "-o", os.path.join(tmp, "x"), "--only", "0"],
                       expect=None)
        check.same("--only with two torrents: usage error", done_run.returncode, 2)
        check.true("--only with two torrents: says it applies to one (%r)" % done_run.stderr,
                   "--only applies to one torrent" in done_run.stderr)

        # One torrent has no peer: --timeout ends the run, exit 1, the other finished.
        out = os.path.join(tmp, "out-timeout")
        proc = download([made[0][1], made[2][1], "-o", out, "--timeout", "4"] + peers, os.path.join(tmp, "state-t"))
        status = proc.wait(60)
        proc.stdout_closed.wait(10)
        check.same("--timeout with an unreachable torrent: exit 1", status, 1)
        events = proc.json_events()
        done = events[-1] if events else {}
        check.same("--timeout: done last, result timed_out", (done.get("event"), done.get("result")), ("done", "timed_out"))
        results = {t.get("name"): t.get("result") for t in done.get("torrents", [])}
        check.same("--timeout: each torrent's result", results, {"file-0.bin": "finished", "file-2.bin": "timed_out"})
        check.true("--timeout: the error says so and names the torrent (%r)" % proc.stderr,
                   any("--timeout 4" in l and "file-2.bin" in l for l in proc.stderr))
    finally:
        for proc, _ in seeds:
            proc.stop()

check.finish()
