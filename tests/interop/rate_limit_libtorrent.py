"""--limit-down and --limit-up against python3-libtorrent on 127.0.0.1, measured from both
sides over 20 s.

1. A libtorrent seed (in this process, so that its counters can be read at any moment)
   and `corrent download --limit-down 1M`: after a warm-up of WARMUP_S (the sockets'
   buffers fill, then only corrent's reads pace the transfer), corrent's payload rate
   over WINDOW_S (its `stats` events) and libtorrent's upload rate over the same window
   (total_upload: every byte it sent, protocol included) are both within 5% of 1 MiB/s.
2. `corrent seed --limit-up 512K` and a libtorrent leech (in this process): libtorrent's
   download rate over WINDOW_S is within 5% of 512 KiB/s.
3. A rate that is not one is refused with exit 2 naming the flag.
The payload (48 MiB) takes 48 s at the limit, so neither side finishes inside a window.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_lib import Checker, corrent_download, corrent_path, corrent_seed, fail, import_libtorrent, run, \
    stop_corrent, temp_dir  # noqa: E402
import lt_peer  # noqa: E402

lt = import_libtorrent()
corrent = corrent_path()
check = Checker()

SIZE = 48 * 1024 * 1024
PIECE = 256 * 1024
WARMUP_S = 4
WINDOW_S = 20
DOWN = 1024 * 1024
UP = 512 * 1024


def lt_session():
    return lt.session({
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "listen_interfaces": "127.0.0.1:0", "outgoing_interfaces": "127.0.0.1",
        "enable_outgoing_utp": False, "enable_incoming_utp": False,
        "out_enc_policy": int(lt.enc_policy.pe_disabled), "in_enc_policy": int(lt.enc_policy.pe_disabled),
        "alert_mask": lt.alert.category_t.error_notification,
    })


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            fail("timed out waiting for " + what)
        time.sleep(0.05)


def within(what, measured, target):
    check.true("%s: %.0f B/s, within 5%% of %d (%.2f%%)" % (what, measured, target, 100.0 * (measured / target - 1)),
               abs(measured / target - 1) <= 0.05)


class Stats:
    """Reads corrent's JSON lines as they come, keeping (arrival time, downloaded) of each
    `stats` event."""

    def __init__(self, proc):
        self.proc = proc
        self.samples = []

    def pump(self, until):
        while time.monotonic() < until:
            line = self.proc.next_line(until + 5)
            if line is None:
                fail("corrent ended early\n" + self.proc.describe())
            if line.startswith("{") and '"stats"' in line:
                import json
                event = json.loads(line)
                if event.get("event") == "stats":
                    self.samples.append((time.monotonic(), event["downloaded"]))

    def rate_between(self, start, end):
        inside = [s for s in self.samples if start <= s[0] <= end]
        if len(inside) < 2:
            fail("too few stats events between %s and %s: %r" % (start, end, self.samples[-5:]))
        (t0, d0), (t1, d1) = inside[0], inside[-1]
        return (d1 - d0) / (t1 - t0)


with temp_dir() as tmp:
    seed_dir = os.path.join(tmp, "seed")
    os.makedirs(seed_dir)
    torrent = lt_peer.make_payload(lt, seed_dir, SIZE, PIECE, 1, True)

    # --- 1: corrent downloads at 1 MiB/s from a libtorrent seed ---
    seeder = lt_session()
    handle = seeder.add_torrent({"ti": lt.torrent_info(torrent), "save_path": seed_dir})
    wait_for(lambda: handle.status().state == lt.torrent_status.states.seeding, 60, "the libtorrent seed")
    port = seeder.listen_port()
    leech = corrent_download(corrent, torrent, os.path.join(tmp, "out"), os.path.join(tmp, "state1"),
                             peers=[port], extra=["--limit-down", "1M", "--timeout", "200"])
    try:
        stats = Stats(leech)
        stats.pump(time.monotonic() + 0.5)
        wait_for(lambda: handle.status().total_upload > 0, 30, "the first bytes to corrent")
        stats.pump(time.monotonic() + WARMUP_S)
        t0, u0 = time.monotonic(), handle.status().total_upload
        stats.pump(t0 + WINDOW_S)
        t1, u1 = time.monotonic(), handle.status().total_upload
        within("libtorrent's upload to corrent --limit-down 1M", (u1 - u0) / (t1 - t0), DOWN)
        within("corrent's download (stats events)", stats.rate_between(t0 - 0.5, t1 + 0.5), DOWN)
        check.true("not finished inside the window", handle.status().total_upload < SIZE)
    finally:
        stop_corrent(check, "corrent download --limit-down", leech)
        del seeder

    # --- 2: a libtorrent leech downloads at 512 KiB/s from corrent seed --limit-up 512K ---
    ours, our_port, _ = corrent_seed(corrent, torrent, seed_dir, os.path.join(tmp, "state2"),
                                     extra=["--limit-up", "512K"])
    leecher = lt_session()
    leech_dir = os.path.join(tmp, "lt-leech")
    os.makedirs(leech_dir)
    lhandle = leecher.add_torrent({"ti": lt.torrent_info(torrent), "save_path": leech_dir})
    try:
        lhandle.connect_peer(("127.0.0.1", our_port))
        wait_for(lambda: lhandle.status().total_download > 0, 30, "the first bytes from corrent")
        time.sleep(WARMUP_S)
        t0, d0 = time.monotonic(), lhandle.status().total_download
        time.sleep(WINDOW_S)
        t1, d1 = time.monotonic(), lhandle.status().total_download
        within("libtorrent's download from corrent seed --limit-up 512K", (d1 - d0) / (t1 - t0), UP)
    finally:
        del leecher
        stop_corrent(check, "corrent seed --limit-up", ours)

    # --- 3: not a rate ---
    refused = run([corrent, "download", torrent, "-o", os.path.join(tmp, "x"), "--limit-down", "fast"],
                  expect=None, timeout=30)
    check.same("--limit-down fast: exit 2", refused.returncode, 2)
    check.true("the error names the flag (%r)" % refused.stderr, "--limit-down" in refused.stderr)

check.finish()
