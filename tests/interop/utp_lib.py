"""Helpers of the uTP interop tests (utp_libtorrent.py, utp_netem.py); not a test.

Each transfer is over uTP alone: libtorrent (lt_peer.py --utp-only) has TCP off both ways,
corrent runs with --transports utp. That uTP carried the bytes is asserted from libtorrent's
side too: lt_peer.py says `transport: utp` for a peer on a uTP socket (peer_info's
utp_socket flag), and the tests require that line and no `transport: tcp`.

Every test takes the corrent executable, then optionally `--reference`: libtorrent on both
sides (corrent is not run), to check the harness itself and to measure the time a transfer
takes between two libtorrents, on which the tests' bounds are based.
"""
import os
import sys
import time

from interop_lib import HERE, Proc, corrent_env, endpoint_port, fail, import_libtorrent, wait_lt_ready

UTP_ONLY = ["--transports", "utp"]


def reference_mode():
    """Whether the test was asked for --reference (after the corrent executable), which it
    takes out of sys.argv for corrent_path(): call it first."""
    if "--reference" not in sys.argv[2:]:
        return False
    sys.argv.remove("--reference")
    return True


def lt_utp_peer(name, directory, prefix=(), address="127.0.0.1", options=(), timeout=300):
    """lt_peer.py --utp-only (run under `prefix`, e.g. `ip netns exec NS`), listening on
    `address`; waits for "ready". Returns (Proc, torrent path, port)."""
    import_libtorrent()
    args = list(prefix) + [sys.executable, os.path.join(HERE, "lt_peer.py"), "--dir", directory, "--utp-only",
                           "--address", address] + list(options)
    proc = Proc(name, args)
    torrent, port = wait_lt_ready(proc, name, timeout)
    return proc, torrent, port


def lt_finish(proc, bound, what):
    """Waits (at most `bound` seconds) for a leeching lt_peer.py's "finished: SECONDS";
    returns SECONDS (from its ready line, before its first connection)."""
    line = proc.expect(lambda l: l.startswith("finished: ") or l.startswith("error: "), bound, what)
    if not line.startswith("finished: "):
        fail("%s: %s\n%s" % (what, line, proc.describe()))
    return float(line.split(": ", 1)[1])


def check_utp_only(check, what, lt_proc, settle=2.0):
    """That libtorrent saw its peer on a uTP socket and never on a TCP one. Its peer lines
    come from polling (every 20 to 100 ms): `settle` seconds are left for them."""
    deadline = time.monotonic() + settle
    while "transport: utp" not in lt_proc.seen and time.monotonic() < deadline:
        time.sleep(0.05)
    kinds = [l for l in lt_proc.seen if l.startswith("transport: ")]
    check.true("%s: libtorrent saw the peer on uTP (%r)" % (what, kinds), "transport: utp" in kinds)
    check.true("%s: and never on TCP (%r)" % (what, kinds), "transport: tcp" not in kinds)


def corrent_utp_download(corrent, torrent, out_dir, state, bind, peer, prefix=()):
    """`corrent download --json --transports utp` bound to `bind`, from `peer` (HOST:PORT);
    returns the Proc."""
    args = list(prefix) + [corrent, "download", torrent, "-o", out_dir, "--bind", bind, "--port", "0", "--json",
                           "--peer", peer] + UTP_ONLY
    return Proc("corrent download (uTP)", args, env=corrent_env(state))


def corrent_finish(proc, bound, what):
    """Waits (at most `bound` seconds from now) for a download's torrent_finished, then for
    its exit (0). Returns the seconds waited for torrent_finished (call it right after
    starting the download: they include its start and its check of the empty directory)."""
    start = time.monotonic()
    proc.expect_event("torrent_finished", bound)
    took = time.monotonic() - start
    status = proc.wait(30)
    if status != 0:
        fail("%s: exit status %s after torrent_finished\n%s" % (what, status, proc.describe()))
    return took


def corrent_utp_seed(corrent, torrent, data_dir, state, bind="127.0.0.1", prefix=(), timeout=300):
    """`corrent seed --json --transports utp` bound to `bind`; waits for listening and the
    check. Returns (Proc, port, torrent_checked event)."""
    args = list(prefix) + [corrent, "seed", torrent, data_dir, "--bind", bind, "--port", "0", "--json"] + UTP_ONLY
    proc = Proc("corrent seed (uTP)", args, env=corrent_env(state))
    port = endpoint_port(proc.expect_event("listening", 60)["endpoints"][0])
    checked = proc.expect_event("torrent_checked", timeout)
    return proc, port, checked
