"""`corrent --help` names the exit codes and where resume data lives, and a failing
command prints what docs/cli.md says: for `create`, nothing on stdout and one error line
on stderr; for `download`, a failure after it started keeps its listening line, its
events and a `done` line with result "failed" on stdout, and the error line on stderr."""
import json
import os
import subprocess

from cli_lib import make_torrent, seed
from interop_lib import Checker, corrent_env, corrent_path, run, temp_dir

corrent = corrent_path()
check = Checker()

text = run([corrent, "--help"]).stdout
for code in ("0", "1", "2", "130"):
    check.true("--help names exit code %s" % code, ("  %s " % code) in text)
check.true("--help says where resume data lives (%r)" % text[-400:],
           "$XDG_STATE_HOME/corrent/resume" in text and "~/.local/state/corrent/resume" in text)
for command in ("download", "seed"):
    sub = run([corrent, command, "--help"]).stdout
    check.true(command + " --help says where resume data lives", "corrent/resume" in sub)

with temp_dir() as tmp:
    seed_dir, torrent, ih = make_torrent(corrent, tmp)
    done = run([corrent, "create", seed_dir, "-o", os.path.join(tmp, "nope", "x.torrent")], expect=None)
    check.same("create failure: exit status", done.returncode, 1)
    check.same("create failure: nothing on stdout", done.stdout, "")
    check.same("create failure: one line on stderr", len(done.stderr.strip().splitlines()), 1)

    state = os.path.join(tmp, "state")
    first, port = seed(corrent, torrent, seed_dir, state)
    first.expect_event("torrent_checked", 30)
    try:
        # The same torrent and state folder: refused once started (the lock).
        done = subprocess.run([corrent, "download", torrent, "-o", os.path.join(tmp, "out"), "--bind", "127.0.0.1",
                               "--port", "0", "--json"], capture_output=True, text=True, timeout=60,
                              env=corrent_env(state))
        check.same("download failure: exit status", done.returncode, 1)
        events = [json.loads(l) for l in done.stdout.splitlines() if l.startswith("{")]
        names = [e.get("event") for e in events]
        check.true("download failure: listening first on stdout (%r)" % names, names[:1] == ["listening"])
        check.true("download failure: a torrent_error on stdout", "torrent_error" in names)
        check.true("download failure: done with result failed last",
                   bool(events) and events[-1].get("event") == "done" and events[-1].get("result") == "failed")
        err = done.stderr.strip().splitlines()
        check.true("download failure: the error line on stderr (%r)" % err,
                   len(err) == 1 and err[0].startswith("corrent: download: "))
    finally:
        first.stop()

check.finish()
