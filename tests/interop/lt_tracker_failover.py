"""BEP 12 fail-over: a torrent whose first tier is a dead UDP tracker (a UDP socket bound on
127.0.0.1 that never answers) and whose second tier is Debian's opentracker over HTTP,
where a python3-libtorrent seeder announced itself. `corrent download --json` must report
the dead tracker's failure as a tracker_reply with an error and then get its peers from the
HTTP tracker within 20 s of starting (issue 22), and download the bytes. The same download
with text output (stdout not a terminal) prints a line naming the dead tracker's failure."""
import json
import os
import socket
import time

from interop_lib import (Checker, Proc, corrent_env, corrent_path, fail, import_libtorrent, lt_peer, same_bytes,
                         temp_dir)
from tracker_lib import OpenTracker, make_v1_torrent, wait_for_seeder

corrent = corrent_path()
lt = import_libtorrent()
check = Checker()

FIRST_PEERS_WITHIN = 20.0  # seconds from the start of corrent download (issue 22)


def write_torrent(entry, path, tiers):
    """The torrent `entry` with BEP 12 tiers (a list of lists of URLs) written to `path`."""
    entry[b"announce"] = tiers[0][0].encode()
    entry[b"announce-list"] = [[url.encode() for url in tier] for tier in tiers]
    with open(path, "wb") as out:
        out.write(lt.bencode(entry))
    return path


def download(torrent, directory, json_output):
    out_dir, state = os.path.join(directory, "out"), os.path.join(directory, "state")
    args = [corrent, "download", torrent, "-o", out_dir, "--bind", "127.0.0.1", "--port", "0"]
    if json_output:
        args.append("--json")
    return Proc("corrent download" + (" --json" if json_output else " (text)"), args, env=corrent_env(state)), out_dir


def first_peers(proc, http_url, deadline):
    """Reads JSON events until a tracker_reply from `http_url` with peers (failing the test
    at `deadline`); returns (the events before it, that event)."""
    seen = []
    while True:
        line = proc.next_line(deadline)
        if line is None:
            proc.wait(10)
            fail("corrent ended (status %s) before a tracker_reply with peers from %s\n%s"
                 % (proc.returncode, http_url, proc.describe()))
        if not line.startswith("{"):
            continue
        event = json.loads(line)
        if event.get("event") == "tracker_reply" and event["url"] == http_url and event["peers"] >= 1:
            return seen, event
        seen.append(event)


with temp_dir() as tmp:
    seed_dir = os.path.join(tmp, "seed")
    entry, info_hash = make_v1_torrent(lt, seed_dir, 1100000)
    tracker = OpenTracker([info_hash])
    dead = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # bound, never read: no ICMP, no reply
    dead.bind(("127.0.0.1", 0))
    dead_url = "udp://127.0.0.1:%d/announce" % dead.getsockname()[1]
    http_url = tracker.http_announce
    seeder = None
    try:
        # The seeder registers through opentracker's UDP port; corrent gets the dead tracker
        # first and opentracker's HTTP port in the next tier (same info dictionary, same hash).
        seed_torrent = write_torrent(dict(entry), os.path.join(seed_dir, "seed.torrent"), [[tracker.udp_url]])
        seeder, _, _ = lt_peer("libtorrent seeder", seed_dir, "--torrent", seed_torrent)
        wait_for_seeder(tracker.udp_port, info_hash)
        torrent = write_torrent(dict(entry), os.path.join(tmp, "failover.torrent"), [[dead_url], [http_url]])

        start = time.monotonic()
        down, out_dir = download(torrent, os.path.join(tmp, "json"), True)
        text, text_out = download(torrent, os.path.join(tmp, "text"), False)
        before, peers = first_peers(down, http_url, start + FIRST_PEERS_WITHIN)
        took = time.monotonic() - start
        print("      first peers from %s after %.2f s: %s" % (http_url, took, peers), flush=True)
        check.true("peers from the HTTP tracker within %.0f s (%.2f s)" % (FIRST_PEERS_WITHIN, took),
                   took < FIRST_PEERS_WITHIN)
        check.same("the HTTP tracker got the started announce", peers["announce"], "started")
        failures = [e for e in before if e["event"] == "tracker_reply" and e["url"] == dead_url]
        check.same("one failure of the dead tracker came first", len(failures), 1)
        if failures:
            check.true("its error says it did not answer in time (%r)" % failures[0]["error"],
                       "no answer within 15 s" in failures[0]["error"])
            check.same("its announce was started", failures[0]["announce"], "started")
        status = down.wait(90)
        check.same("json download: exit status", status, 0)
        check.true("json download: the bytes are the seeder's",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out_dir, "payload.bin")))
        status = text.wait(90)
        check.same("text download: exit status", status, 0)
        lines = [line for line in text.seen if dead_url in line]
        check.true("text output names the dead tracker's failure (%r)" % lines,
                   any("no answer within 15 s" in line and "trying " + http_url in line for line in lines))
        if check.mismatches:
            print(down.describe())
            print(text.describe())
    finally:
        if seeder is not None:
            seeder.stop()
        tracker.stop()
        dead.close()

check.finish()
