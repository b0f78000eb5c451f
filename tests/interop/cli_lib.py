"""Helpers of the CLI tests that need no other client: a payload, its torrent made by
`corrent create`, and a `corrent seed` of it. Every wait is bounded; every process is
stopped by its PID (interop_lib.Proc)."""
import os
import re

from interop_lib import Proc, corrent_env, endpoint_port, fail, run, write

PIECE = 16384


def make_torrent(corrent, root, size=256 * 1024 + 77, name="payload.bin"):
    """Writes root/seed/<name> (`size` random bytes) and root/t.torrent; returns
    (seed_dir, torrent, info_hash)."""
    seed_dir = os.path.join(root, "seed")
    write(os.path.join(seed_dir, name), size, seed=7)
    torrent = os.path.join(root, "t.torrent")
    out = run([corrent, "create", os.path.join(seed_dir, name), "-o", torrent, "-l", str(PIECE)]).stdout
    match = re.search(r"info-hash: ([0-9a-f]{40})", out)
    if not match:
        fail("corrent create printed no info-hash: %r" % out)
    return seed_dir, torrent, match.group(1)


def resume_file(state, info_hash):
    return os.path.join(state, "corrent", "resume", info_hash + ".resume")


def seed(corrent, torrent, data_dir, state, timeout=60, extra=()):
    """`corrent seed --json` on 127.0.0.1, port 0: returns (Proc, port) once listening."""
    proc = Proc("corrent seed", [corrent, "seed", torrent, data_dir, "--bind", "127.0.0.1", "--port", "0",
                                 "--json"] + list(extra), env=corrent_env(state))
    listening = proc.expect_event("listening", timeout)
    return proc, endpoint_port(listening["endpoints"][0])


def events_named(proc, name):
    return [e for e in proc.json_events() if e["event"] == name]
