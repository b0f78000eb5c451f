#!/usr/bin/python3
"""The magnet benchmark of issue 6: fetching a torrent's metadata (ut_metadata, BEP 9),
corrent against libtorrent, from the same python3-libtorrent seeder on 127.0.0.1.

    bench/metadata_vs_libtorrent.py PATH_TO_CORRENT [--files N] [--runs N] [--work DIR]

The torrent has --files tiny files (default 50000), so its info dictionary is large
(about 2.7 MiB at the default: some 170 metadata pieces of 16 KiB) while its payload is
small. Each run alternates, order swapped every run, a `corrent download MAGNET --peer
SEEDER` and a libtorrent leecher given the same magnet and the same peer, and times each
from the torrent being added (`torrent_added`, lt_peer.py's `ready` line) to the metadata
being accepted (`metadata_received`, lt_peer.py's `metadata: received` line; both check
it against the info-hash and parse it first). lt_peer.py polls libtorrent every 20 ms, so
libtorrent's figures carry up to 20 ms of that. For corrent it also prints the part after
the connection to the seeder was up (`peer_connected`): the transfer and the parse. (The
same split is not measurable for libtorrent through lt_peer.py: its connection shows up
in the same 20 ms poll as the metadata.) Then medians and the ratio.
This is a benchmark, not a test: it is not registered with ctest.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "interop"))
from interop_lib import Proc, fail, import_libtorrent, lt_peer  # noqa: E402

LT_PEER = os.path.join(HERE, "..", "tests", "interop", "lt_peer.py")


def make_torrent(lt, root, files):
    """root/payload/ of `files` small files and its v1 torrent; kept between invocations."""
    torrent = os.path.join(root, "payload.torrent")
    if os.path.isfile(torrent):
        return torrent
    payload = os.path.join(root, "payload")
    os.makedirs(payload, exist_ok=True)
    for i in range(files):
        with open(os.path.join(payload, "file-%06d.bin" % i), "wb") as f:
            f.write(b"x" * (1 + i % 40))
    fs = lt.file_storage()
    lt.add_files(fs, payload)
    ct = lt.create_torrent(fs, 16384, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(ct, root)
    with open(torrent, "wb") as out:
        out.write(lt.bencode(ct.generate()))
    return torrent


def time_corrent(corrent, magnet, port, work, timeout):
    out = os.path.join(work, "corrent-out")
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, XDG_STATE_HOME=os.path.join(work, "corrent-state"))
    shutil.rmtree(env["XDG_STATE_HOME"], ignore_errors=True)
    proc = Proc("corrent download", [corrent, "download", magnet, "-o", out, "--peer", "127.0.0.1:%d" % port,
                                     "--bind", "127.0.0.1", "--port", "0", "--json", "--no-dht", "--no-lsd", "--no-upnp", "--no-natpmp",
                                     "--transports", "tcp"], env=env)
    try:
        start = connected = None
        deadline = time.monotonic() + timeout
        while True:
            line = proc.next_line(deadline)
            if line is None:
                fail("corrent gave no metadata_received in time\n" + proc.describe())
            event = json.loads(line).get("event")
            if event == "torrent_added":
                start = time.monotonic()
            elif event == "peer_connected" and connected is None:
                connected = time.monotonic()
            elif event == "metadata_received":
                now = time.monotonic()
                return now - start, now - connected
    finally:
        proc.stop()


def time_libtorrent(magnet, port, work, timeout):
    out = os.path.join(work, "lt-out")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    proc = Proc("libtorrent leecher", [sys.executable, LT_PEER, "--dir", out, "--magnet", magnet,
                                       "--connect", "127.0.0.1:%d" % port])
    try:
        start = None
        deadline = time.monotonic() + timeout
        while True:
            line = proc.next_line(deadline)
            if line is None or line.startswith("error: "):
                fail("libtorrent gave no metadata in time: %r\n%s" % (line, proc.describe()))
            if line == "ready":
                start = time.monotonic()
            elif line == "metadata: received":
                return time.monotonic() - start, None
    finally:
        proc.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corrent")
    parser.add_argument("--files", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default=os.path.join(HERE, ".work", "metadata"))
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    lt = import_libtorrent()
    work = os.path.abspath(args.work)
    root = os.path.join(work, "seed-%d" % args.files)
    os.makedirs(root, exist_ok=True)
    torrent = make_torrent(lt, root, args.files)
    info = lt.torrent_info(torrent)
    size = len(info.info_section())
    magnet = subprocess.run([args.corrent, "magnet", torrent], capture_output=True, text=True,
                            check=True).stdout.strip()
    print("info dictionary: %d bytes (%d metadata pieces), %d files" % (size, (size + 16383) // 16384, args.files),
          flush=True)
    seeder, _, port = lt_peer("libtorrent seeder", root, "--torrent", torrent, "--seconds", "3600", timeout=600)
    figures = {"corrent": ([], []), "libtorrent": ([], [])}
    try:
        for run in range(args.runs):
            order = ("corrent", "libtorrent") if run % 2 == 0 else ("libtorrent", "corrent")
            for who in order:
                if who == "corrent":
                    t = time_corrent(args.corrent, magnet, port, work, args.timeout)
                else:
                    t = time_libtorrent(magnet, port, work, args.timeout)
                figures[who][0].append(t[0])
                figures[who][1].append(t[1])
                after = "" if t[1] is None else "  (after the connection: %.1f ms)" % (t[1] * 1000)
                print("run %d %-10s %7.1f ms%s" % (run + 1, who, t[0] * 1000, after), flush=True)
    finally:
        seeder.stop()
    c, l = statistics.median(figures["corrent"][0]), statistics.median(figures["libtorrent"][0])
    print("median: corrent %.1f ms (%.1f ms after the connection), libtorrent %.1f ms; corrent takes %.2fx "
          "libtorrent's time" % (c * 1000, statistics.median(figures["corrent"][1]) * 1000, l * 1000, c / l), flush=True)


if __name__ == "__main__":
    main()
