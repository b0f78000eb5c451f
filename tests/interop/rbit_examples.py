"""rbit's README examples, ported to corrent (samples/rbit, docs/rbit.md), run against real
software: rbit-announce announces to Debian's opentracker over HTTP and over UDP (the two
announces see each other), rbit-peer connects to a python3-libtorrent seeder, says it is
interested, waits for the unchoke, requests the first block of piece 0 and gets exactly
the payload's bytes. Loopback only; every process started here is stopped by its PID."""
import hashlib
import os
import subprocess
import sys

from interop_lib import Checker, fail, import_libtorrent, lt_peer, temp_dir
from tracker_lib import OpenTracker

if len(sys.argv) < 4 or not all(os.access(p, os.X_OK) for p in sys.argv[2:4]):
    fail("usage: %s CORRENT RBIT_ANNOUNCE RBIT_PEER (got %r)" % (sys.argv[0], sys.argv[1:]))
announce_tool, peer_tool = sys.argv[2], sys.argv[3]
check = Checker()


def run(args, timeout=60):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        fail("timed out: %r" % args)


lt = import_libtorrent()
with temp_dir() as tmp:
    seed_dir = os.path.join(tmp, "seed")
    os.makedirs(seed_dir)
    seeder, torrent, port = lt_peer("libtorrent seeder", seed_dir, "--size", "300000", "--piece-length", "65536",
                                    "--v1-only")
    info_hash = str(lt.torrent_info(torrent).info_hashes().v1)
    tracker = OpenTracker([info_hash])
    try:
        # The tracker example: HttpTracker::new(url) then UdpTracker::connect(url).
        http = run([announce_tool, tracker.http_announce, info_hash, "7001", "0"])
        check.same("rbit-announce over HTTP: exit status (stderr %r)" % http.stderr, http.returncode, 0)
        check.true("rbit-announce over HTTP: says how many peers (%r)" % http.stdout,
                   http.stdout.startswith("Found ") and " peers\n" in http.stdout)
        udp = run([announce_tool, tracker.udp_url, info_hash, "7002", "1000"])
        check.same("rbit-announce over UDP: exit status (stderr %r)" % udp.stderr, udp.returncode, 0)
        check.true("rbit-announce over UDP: sees the peer announced over HTTP (%r)" % udp.stdout,
                   "Peer: 127.0.0.1:7001\n" in udp.stdout)
        interval = [line for line in udp.stdout.splitlines() if line.startswith("Re-announce in ")]
        check.true("rbit-announce: the interval (%r)" % interval,
                   len(interval) == 1 and int(interval[0].split()[2]) > 0)
        bad = run([announce_tool, "wss://127.0.0.1:1/", info_hash])
        check.same("rbit-announce: a scheme no protocol serves is a usage error (%r)" % bad.stderr, bad.returncode, 2)

        # The peer example: connect, interested, wait for unchoke, request, piece.
        with open(os.path.join(seed_dir, "payload.bin"), "rb") as f:
            first_block = f.read(16384)
        done = run([peer_tool, "127.0.0.1:%d" % port, info_hash])
        check.same("rbit-peer: exit status (stderr %r, stdout %r)" % (done.stderr, done.stdout), done.returncode, 0)
        check.true("rbit-peer: the peer said what it has (%r)" % done.stdout,
                   "Peer has every piece" in done.stdout or "bytes of bitfield" in done.stdout)
        check.true("rbit-peer: a block of 16384 bytes (%r)" % done.stdout,
                   "Received 16384 bytes for piece 0 at offset 0\n" in done.stdout)
        check.true("rbit-peer: the block is the payload's first 16 KiB",
                   "SHA-1 %s\n" % hashlib.sha1(first_block).hexdigest() in done.stdout)
        wrong = run([peer_tool, "127.0.0.1:%d" % port, "00" * 20])
        check.true("rbit-peer: a torrent the peer does not serve fails cleanly (%r)" % wrong.stderr,
                   wrong.returncode == 1 and wrong.stderr.startswith("rbit-peer: ") and not wrong.stdout)
    finally:
        tracker.stop()
        seeder.stop()
check.finish()
