"""The engine commands' edges, on 127.0.0.1: usage and start-up errors (one line on
stderr, nothing on stdout, the documented exit status), `seed` refusing a folder without
the torrent's data, Ctrl-C in the middle of a download (exit 130, resume data written,
the next run resumes from it and completes), a second run over a complete download (exit 0,
nothing fetched), and `corrent demo` (exit 0, bytes verified)."""
import json
import os
import signal
import socket

from interop_lib import (Checker, Proc, corrent_download, corrent_env, corrent_info, corrent_path, lt_peer,
                         run, same_bytes, temp_dir)

corrent = corrent_path()
check = Checker()


def one_error_line(what, done, status, needle):
    check.same("%s: exit status" % what, done.returncode, status)
    check.same("%s: nothing on stdout" % what, done.stdout, "")
    lines = done.stderr.splitlines()
    check.true("%s: one error line naming the problem (%r)" % (what, done.stderr),
               len(lines) == 1 and lines[0].startswith("corrent: ") and needle in lines[0])


with temp_dir() as tmp:
    seed_dir, out_dir, state = (os.path.join(tmp, d) for d in ("seed", "out", "state"))
    os.makedirs(seed_dir)
    seeder, torrent, port = lt_peer("libtorrent seeder", seed_dir, "--size", "4000000", "--piece-length", "65536",
                                    "--upload-limit", "1000000")
    try:
        info = corrent_info(corrent, torrent)
        env = corrent_env(state)

        done = run([corrent, "download", torrent, "-o", out_dir, "--only", "1"], expect=None)
        one_error_line("--only past the last file", done, 2, "--only 1")
        done = run([corrent, "download", torrent, "-o", out_dir, "--peer", "127.0.0.1"], expect=None)
        one_error_line("--peer without a port", done, 2, "--peer 127.0.0.1")
        done = run([corrent, "download", torrent, "-o", out_dir, "--port", "70000"], expect=None)
        one_error_line("--port out of range", done, 2, "--port 70000")
        done = run([corrent, "download", os.path.join(tmp, "missing.torrent"), "-o", out_dir], expect=None)
        one_error_line("missing torrent", done, 1, "missing.torrent")

        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen(1)
            done = run([corrent, "download", torrent, "-o", out_dir, "--bind", "127.0.0.1", "--port",
                        str(taken.getsockname()[1])], expect=None)
        check.same("port in use: exit status", done.returncode, 1)
        check.true("port in use: says so (%r)" % done.stderr, "in use" in done.stderr)

        empty = os.path.join(tmp, "empty")
        os.makedirs(empty)
        seed = Proc("corrent seed", [corrent, "seed", torrent, empty, "--bind", "127.0.0.1", "--port", "0"], env=env)
        status = seed.wait(60)
        check.same("seed without data: exit status", status, 1)
        check.true("seed without data: says where it looked (%r)" % seed.stderr,
                   any("holds none of the torrent's data" in l for l in seed.stderr))

        # Ctrl-C in the middle: exit 130, resume data on disk, the next run resumes.
        first = corrent_download(corrent, torrent, out_dir, state, peers=[port])
        for _ in range(10):
            first.expect_event("piece_finished", 60)
        first.signal(signal.SIGINT)
        check.same("SIGINT mid-download: exit status", first.wait(30), 130)
        done = [e for e in first.json_events() if e["event"] == "done"]
        check.same("SIGINT mid-download: done says interrupted", done[-1]["result"] if done else None, "interrupted")
        resume = os.path.join(state, "corrent", "resume", info["info_hash"] + ".resume")
        check.true("resume data written at %s" % resume, os.path.isfile(resume))
        second = corrent_download(corrent, torrent, out_dir, state, peers=[port])
        check.same("resumed run: exit status", second.wait(120), 0)
        checked = [e for e in second.json_events() if e["event"] == "torrent_checked"]
        check.true("resumed run trusts its resume data", bool(checked) and checked[0].get("from_resume") is True)
        check.true("resumed run: bytes match",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out_dir, "payload.bin")))

        # Complete already: exits 0 at once, fetching nothing.
        third = corrent_download(corrent, torrent, out_dir, state, peers=[port])
        check.same("complete download: exit status", third.wait(60), 0)
        done = [e for e in third.json_events() if e["event"] == "done"]
        check.same("complete download: nothing fetched", done[-1].get("session_downloaded") if done else None, 0)
    finally:
        seeder.stop()

    demo = run([corrent, "demo", "--size", "3000000", "--json"], expect=None, timeout=120)
    check.same("demo: exit status", demo.returncode, 0)
    lines = [json.loads(l) for l in demo.stdout.splitlines() if l.startswith("{")]
    summary = [l for l in lines if l.get("event") == "summary"]
    check.true("demo: summary says verified", bool(summary) and summary[-1]["verified"] is True)
    check.same("demo: payload size", summary[-1]["bytes"] if summary else None, 3000000)

check.finish()
