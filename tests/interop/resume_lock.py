"""Two `corrent` processes on the same torrent and state folder: the second refuses to
start, and names the process that holds the torrent's resume data. Once the first stops,
the lock is gone. Before, both ran and overwrote each other's resume data."""
import os
import signal

from cli_lib import make_torrent, resume_file, seed
from interop_lib import Checker, corrent_env, corrent_path, run, temp_dir

corrent = corrent_path()
check = Checker()

with temp_dir() as tmp:
    seed_dir, torrent, ih = make_torrent(corrent, tmp)
    state = os.path.join(tmp, "state")
    first, port = seed(corrent, torrent, seed_dir, state)
    first.expect_event("torrent_checked", 30)
    args = [corrent, "seed", torrent, seed_dir, "--bind", "127.0.0.1", "--port", "0"]
    import subprocess
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, env=corrent_env(state))
    check.same("second process: exit status", done.returncode, 1)
    check.true("it names the first process's PID %d (%r)" % (first.pid, done.stderr),
               ("process %d" % first.pid) in done.stderr)
    check.true("it names the resume file", resume_file(state, ih) in done.stderr)
    check.same("the first still runs", first.proc.poll(), None)
    # Another state folder is another set of resume data: no conflict.
    other, _ = seed(corrent, torrent, seed_dir, os.path.join(tmp, "other-state"))
    other.expect_event("torrent_checked", 30)
    other.signal(signal.SIGTERM)
    check.same("a seed with another state folder runs", other.wait(15), 0)
    first.signal(signal.SIGTERM)
    check.same("the first stops with 0", first.wait(15), 0)
    again, _ = seed(corrent, torrent, seed_dir, state)
    again.expect_event("torrent_checked", 30)
    again.signal(signal.SIGTERM)
    check.same("after the first stopped, a new one runs", again.wait(15), 0)

check.finish()
